/**
 * @rpcgen/transport-ws/node: the Node side. {@link listenWs} serves a `Server` on a port of its
 * own, {@link attachWs} on an existing `node:http`/`node:https` server next to its HTTP routes,
 * and {@link wsTransport} is the client defaulting to the `ws` package (Node 20 has no global
 * WebSocket). Everything of the browser-safe entry is re-exported, so Node code needs only
 * this one.
 */

export type { ReconnectOptions } from "@rpcgen/runtime";
export type { WsTransport, WsTransportOptions } from "./client-transport.js";
export { CloseCode } from "./close-codes.js";
export type { DrainableStream } from "./drain.js";
export { maxMessageBytes } from "./message-framing.js";
export {
  type AttachWsOptions,
  attachWs,
  type WsAttachment,
  type WsEndpointOptions,
} from "./node/attach.js";
export { type NodeWsTransportOptions, nodeWebSocket, wsTransport } from "./node/client.js";
export { type ListenWsOptions, listenWs, type WsListener } from "./node/listen.js";
export type { OriginPolicy } from "./node/origin.js";
export type {
  WebSocketConstructorLike,
  WebSocketEventLike,
  WebSocketEventType,
  WebSocketLike,
} from "./websocket-like.js";
export { type WsChannelOptions, wsChannel } from "./ws-channel.js";
