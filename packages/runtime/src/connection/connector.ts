import type { ClientTransport } from "../client/transport.js";
import type { ClientSession } from "../session/client-session.js";
import type { ConnectionTransportOptions } from "./options.js";

export type { ConnectionTransportOptions };

/**
 * How a stream transport makes connections for a {@link ConnectionTransport}: one
 * {@link Connector.connect} per attempt. The transport owns reconnecting, waiting calls and
 * goaway handover; the connector only knows how to reach the server.
 */
export interface Connector {
  /** Names the server in errors and in {@link ConnectionTransport.url}, e.g. `ws://host/rpc`. */
  readonly url: string;
  /**
   * Starts one connection attempt. It must give up, rejecting `session`, once `timeoutMs` (the
   * transport's `connectTimeoutMs`) has passed without a completed handshake.
   */
  connect(limits: { readonly timeoutMs: number }): ConnectionAttempt;
}

/** One connection attempt, from dialing to the session's handshake. */
export interface ConnectionAttempt {
  /**
   * Resolves with a session whose handshake completed; rejects with an `unavailable`
   * `RpcError` naming the server and the cause.
   */
  readonly session: Promise<ClientSession>;
  /** Resolves once the underlying connection is gone (closed, failed or aborted). */
  readonly closed: Promise<void>;
  /** Gives up: the connection is torn down and `session` rejects if still pending. */
  abort(reason: string): void;
  /**
   * Set, by the time `session` rejects, when retrying cannot help (a command that does not
   * exist or may not be run): every waiting call fails at once with the error, `waitForReady`
   * or not, and no retry is scheduled. A later call still makes a new attempt.
   */
  readonly permanent?: boolean;
}

/** Where a {@link ConnectionTransport} stands. */
export type ConnectionState = "idle" | "connecting" | "open" | "backoff" | "closed";

/**
 * A {@link ClientTransport} over one connection that carries every call, re-established on
 * demand after it breaks.
 */
export interface ConnectionTransport extends ClientTransport {
  /**
   * `idle`: no usable connection and none being made (before the first call, after a drop,
   * after a goaway); `connecting`; `open`; `backoff`: the last attempt failed and a retry is
   * scheduled; `closed`: after {@link ClientTransport.close}, final.
   */
  readonly state: ConnectionState;
  /** The server, as the connector names it. */
  readonly url: string;
  /**
   * Connects now (skipping any pending backoff) and resolves once the handshake completed.
   * Rejects with `unavailable` if this attempt fails; calls waiting meanwhile go on waiting
   * within their connect budget (see {@link ConnectionTransportOptions}).
   */
  connect(): Promise<void>;
}
