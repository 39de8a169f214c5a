import { defaultLimits } from "@rpcgen/runtime";
import { type ClientOptions, WebSocket as NodeWebSocket } from "ws";
import {
  wsTransport as createWsTransport,
  type WsTransport,
  type WsTransportOptions,
} from "../client-transport.js";
import { maxMessageBytes } from "../message-framing.js";
import type { WebSocketConstructorLike } from "../websocket-like.js";

/** Options for the Node {@link wsTransport}. */
export interface NodeWsTransportOptions extends WsTransportOptions {
  /**
   * Options for the `ws` client: `headers` (e.g. `Authorization`, which browsers cannot set),
   * TLS settings (`ca`, `servername`, `rejectUnauthorized`), `agent`, `origin`... The transport
   * sets `maxPayload` from the session's `maxFrameBytes` (see `maxMessageBytes`) and turns
   * `perMessageDeflate` off.
   * Not allowed together with `WebSocket`.
   */
  readonly ws?: ClientOptions;
}

/**
 * {@link createWsTransport | wsTransport} for Node: the same client, defaulting to the `ws`
 * package's WebSocket (Node 20 has no global one) configured so that a message too large for
 * the session's `maxFrameBytes` is refused before it is buffered.
 */
export function wsTransport(url: string | URL, options: NodeWsTransportOptions = {}): WsTransport {
  const { ws, ...rest } = options;
  if (rest.WebSocket !== undefined) {
    if (ws !== undefined) throw new RangeError("options.ws applies only to the default WebSocket");
    return createWsTransport(url, rest);
  }
  const maxFrameBytes = rest.limits?.maxFrameBytes ?? defaultLimits.maxFrameBytes;
  return createWsTransport(url, {
    ...rest,
    WebSocket: nodeWebSocket(ws, maxMessageBytes(maxFrameBytes)),
  });
}

/**
 * The `ws` package's WebSocket with `options` applied to every connection it opens, as a
 * constructor `wsTransport` can take. `maxPayload` should be `maxMessageBytes(maxFrameBytes)`
 * for the session's `maxFrameBytes`; the default fits the default limits.
 */
export function nodeWebSocket(
  options: ClientOptions = {},
  maxPayload = maxMessageBytes(defaultLimits.maxFrameBytes),
): WebSocketConstructorLike {
  const settings: ClientOptions = { ...options, maxPayload, perMessageDeflate: false };
  return class ConfiguredWebSocket extends NodeWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, settings);
    }
  };
}
