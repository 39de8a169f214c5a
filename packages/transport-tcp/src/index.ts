/**
 * @rpcgen/transport-tcp: rpcgen over TCP, Unix domain sockets and TLS. The server side is
 * {@link listenTcp}; the client side is {@link tcpTransport}, one multiplexed connection with
 * lazy connect and reconnect with backoff; {@link socketChannel} adapts any connected socket.
 */

export type { ReconnectOptions } from "@rpcgen/runtime";
export type { TcpAddress } from "./address.js";
export { tcpTransport } from "./client-transport.js";
export {
  type ListenTcpOptions,
  listenTcp,
  type TcpListener,
  type TcpListenOptions,
  type UnixListenOptions,
} from "./listen.js";
export { socketChannel } from "./socket-channel.js";
export type {
  TcpTransport,
  TcpTransportOptions,
  TcpTransportState,
} from "./transport-options.js";
