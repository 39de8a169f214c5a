import type { ConnectionOptions } from "node:tls";
import type {
  CodecName,
  ConnectionState,
  ConnectionTransport,
  ConnectionTransportOptions,
  SessionLimits,
} from "@rpcgen/runtime";

/** Options for {@link tcpTransport}. */
export interface TcpTransportOptions extends ConnectionTransportOptions {
  /** Connect with TLS. `{}` trusts the default CA store; set `ca`, `servername`, etc. as needed. */
  readonly tls?: ConnectionOptions;
  /** Codec to ask the server for. Default `"msgpack"`. */
  readonly codec?: CodecName;
  /** Limits of the client session; unset ones take the runtime's defaults. */
  readonly limits?: Partial<SessionLimits>;
  /** Time allowed for connect, TLS and the protocol handshake together, in ms. Default 10 000. */
  readonly connectTimeoutMs?: number;
}

/** Where a {@link TcpTransport} stands. */
export type TcpTransportState = ConnectionState;

/**
 * A {@link ConnectionTransport} over one TCP, Unix-socket or TLS connection. Its `url` is the
 * server address, e.g. `tcp://127.0.0.1:7000`, `tls://host:443`, `unix:///run/x.sock`.
 */
export type TcpTransport = ConnectionTransport;
