import type { ConnectionOptions } from "node:tls";
import type { ClientTransport, CodecName, SessionLimits } from "@rpcgen/runtime";
import type { ReconnectOptions } from "./backoff.js";

/** Options for {@link tcpTransport}. */
export interface TcpTransportOptions {
  /** Connect with TLS. `{}` trusts the default CA store; set `ca`, `servername`, etc. as needed. */
  readonly tls?: ConnectionOptions;
  /** Codec to ask the server for. Default `"msgpack"`. */
  readonly codec?: CodecName;
  /** Limits of the client session; unset ones take the runtime's defaults. */
  readonly limits?: Partial<SessionLimits>;
  /** Time allowed for connect, TLS and the protocol handshake together, in ms. Default 10 000. */
  readonly connectTimeoutMs?: number;
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

/** Where a {@link TcpTransport} stands. */
export type TcpTransportState = "idle" | "connecting" | "open" | "backoff" | "closed";

/**
 * A {@link ClientTransport} over one TCP, Unix-socket or TLS connection that carries every
 * call, re-established on demand after it breaks.
 */
export interface TcpTransport extends ClientTransport {
  /**
   * `idle`: no usable connection and none being made (before the first call, after a drop,
   * after a goaway); `connecting`; `open`; `backoff`: the last attempt failed and a retry is
   * scheduled; `closed`: after {@link ClientTransport.close}, final.
   */
  readonly state: TcpTransportState;
  /** The server address, e.g. `tcp://127.0.0.1:7000`, `tls://host:443`, `unix:///run/x.sock`. */
  readonly url: string;
  /**
   * Connects now (skipping any pending backoff) and resolves once the handshake completed.
   * Rejects with `unavailable` if this attempt fails; calls waiting meanwhile keep waiting.
   */
  connect(): Promise<void>;
}
