/**
 * @rpcgen/transport-ws: rpcgen's stream protocol over WebSocket, frames packed into binary
 * messages behind length prefixes, so browsers get every call kind (client streams and bidi included). This entry is
 * browser-safe: {@link wsTransport} (the client, on `globalThis.WebSocket` or one passed in)
 * and {@link wsChannel} (a frame channel over any WebSocket). The Node server
 * (`listenWs`, `attachWs`) and a client defaulting to the `ws` package are in
 * `@rpcgen/transport-ws/node`.
 */

export type { ReconnectOptions } from "@rpcgen/runtime";
export { type WsTransport, type WsTransportOptions, wsTransport } from "./client-transport.js";
export { CloseCode } from "./close-codes.js";
export type { DrainableStream } from "./drain.js";
export { maxMessageBytes } from "./message-framing.js";
export type {
  WebSocketConstructorLike,
  WebSocketEventLike,
  WebSocketEventType,
  WebSocketLike,
} from "./websocket-like.js";
export { type WsChannelOptions, wsChannel } from "./ws-channel.js";
