import type { ClientTransport } from "../client/transport.js";
import type { ClientSession } from "../session/client-session.js";
import type { ReconnectOptions } from "./backoff.js";

/**
 * How a stream transport makes connections for a {@link ConnectionTransport}: one
 * {@link Connector.connect} per attempt. The transport owns reconnecting, waiting calls and
 * goaway handover; the connector only knows how to reach the server.
 */
export interface Connector {
  /** Names the server in errors and in {@link ConnectionTransport.url}, e.g. `ws://host/rpc`. */
  readonly url: string;
  /** Starts one connection attempt. */
  connect(): ConnectionAttempt;
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
}

/** Options for {@link connectionTransport}. */
export interface ConnectionTransportOptions {
  /**
   * Retrying failed connection attempts while calls wait. `false`: a failed attempt fails every
   * waiting call at once (a later call still makes a new attempt). Default: backoff from 100 ms
   * up to 5 s, doubling, ±20 % jitter.
   */
  readonly reconnect?: false | ReconnectOptions;
  /**
   * Fail calls at once with `unavailable` instead of waiting while the server is known to be
   * down (a retry is pending after a failed attempt), and never wait past one failed attempt.
   * Default `false`: calls wait for a connection until their deadline.
   */
  readonly failFast?: boolean;
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
   * Rejects with `unavailable` if this attempt fails; calls waiting meanwhile keep waiting.
   */
  connect(): Promise<void>;
}
