import type { ConnectionOptions } from "node:tls";
import type {
  CodecName,
  ConnectionState,
  ConnectionTransport,
  ConnectionTransportOptions,
  SessionLimits,
} from "@rpcgen/runtime";

/**
 * Options for {@link tcpTransport}; `reconnect`, `connectAttempts` and `waitForReady` set the
 * connect budget as described on {@link ConnectionTransportOptions}.
 */
export interface TcpTransportOptions extends ConnectionTransportOptions {
  /**
   * TLS settings: with an address object, setting this connects with TLS; with a URL, only a
   * `tls://` or `tls+unix:` one may have it. `{}` trusts the default CA store; set `ca`,
   * `servername`, etc. as needed.
   */
  readonly tls?: ConnectionOptions;
  /** Codec to ask the server for. Default `"msgpack"`. */
  readonly codec?: CodecName;
  /** Limits of the client session; unset ones take the runtime's defaults. */
  readonly limits?: Partial<SessionLimits>;
  /**
   * Time allowed for connect, TLS and the protocol handshake together, and (unless
   * `waitForReady`) for a call to wait for a connection, in ms. Default 10 000.
   */
  readonly connectTimeoutMs?: number;
}

/** Where a {@link TcpTransport} stands. */
export type TcpTransportState = ConnectionState;

/**
 * A {@link ConnectionTransport} over one TCP, Unix-socket or TLS connection. Its `url` is the
 * server address in the form {@link listenTcp} prints, e.g. `tcp://127.0.0.1:7000`,
 * `tls://host:443`, `unix:///run/x.sock`; `tcpTransport(url)` accepts it back.
 */
export type TcpTransport = ConnectionTransport;
