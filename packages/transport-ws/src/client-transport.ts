import {
  type CodecName,
  type ConnectionTransport,
  type ConnectionTransportOptions,
  connectionTransport,
  type SessionLimits,
} from "@rpcgen/runtime";
import { dialWs } from "./dial.js";
import type { WebSocketConstructorLike } from "./websocket-like.js";
import type { wsChannel } from "./ws-channel.js";
import { displayUrl, resolveWsUrl } from "./ws-url.js";

/** Options for {@link wsTransport}. */
export interface WsTransportOptions extends ConnectionTransportOptions {
  /**
   * The WebSocket implementation. Default `globalThis.WebSocket` (browsers, Deno, Bun, Node 22
   * and later). On Node 20 import `wsTransport` from `@rpcgen/transport-ws/node` instead, which
   * defaults to the `ws` package, or pass its `WebSocket` here.
   */
  readonly WebSocket?: WebSocketConstructorLike;
  /** WebSocket subprotocols to offer (`Sec-WebSocket-Protocol`). Default none. */
  readonly protocols?: string | readonly string[];
  /** Codec to ask the server for. Default `"msgpack"`. */
  readonly codec?: CodecName;
  /** Limits of the client session; unset ones take the runtime's defaults. */
  readonly limits?: Partial<SessionLimits>;
  /**
   * Time allowed for the WebSocket opening handshake and the protocol handshake together, in
   * ms. Default 10 000.
   */
  readonly connectTimeoutMs?: number;
  /**
   * Most bytes allowed to wait in the socket's send buffer before the connection is given up
   * as not reading (see {@link wsChannel}). Default: the larger of 64 MiB and 4 × `maxFrameBytes`.
   */
  readonly maxBufferedBytes?: number;
}

/**
 * A {@link ConnectionTransport} over one WebSocket connection. Its `url` names the server
 * without query string or user info, e.g. `wss://api.example.com/rpc`.
 */
export type WsTransport = ConnectionTransport;

/**
 * Creates a client transport to the rpcgen WebSocket endpoint at `url` (`ws:`/`wss:`, or
 * `http:`/`https:`, or in a browser a path relative to the page). Nothing happens until the
 * first call or {@link WsTransport.connect}: then one connection is opened and every call,
 * streams in both directions included, is multiplexed over it. Calls made while it is being
 * (re)established wait, each up to its own deadline, then fail `unavailable` naming the url and
 * the last connection error (refused, `Unexpected server response: 403`, a timeout). A broken
 * connection fails the calls in flight on it with `unavailable` at once; the next call
 * reconnects with backoff. After a goaway, calls in flight finish while new calls go to a new
 * connection.
 *
 * Browser-safe: it imports neither `ws` nor any `node:` module. Throws a `TypeError` when no
 * WebSocket implementation is available and a `RangeError` for an unusable url or option.
 */
export function wsTransport(url: string | URL, options: WsTransportOptions = {}): WsTransport {
  const resolved = resolveWsUrl(url);
  const WebSocket = options.WebSocket ?? globalWebSocket();
  if (WebSocket === undefined) {
    throw new TypeError(
      "no WebSocket implementation: globalThis.WebSocket is missing (Node < 22); import wsTransport from @rpcgen/transport-ws/node or pass options.WebSocket",
    );
  }
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new RangeError("connectTimeoutMs must be > 0");
  const maxBufferedBytes = options.maxBufferedBytes;
  if (maxBufferedBytes !== undefined && !(maxBufferedBytes > 0)) {
    throw new RangeError("maxBufferedBytes must be > 0");
  }
  const name = displayUrl(resolved);
  const target = {
    url: resolved.href,
    name,
    WebSocket,
    protocols:
      options.protocols === undefined
        ? undefined
        : typeof options.protocols === "string"
          ? options.protocols
          : [...options.protocols],
    session: {
      ...(options.codec === undefined ? {} : { codec: options.codec }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    },
    timeoutMs,
    maxBufferedBytes,
  };
  return connectionTransport(
    { url: name, connect: () => dialWs(target) },
    {
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
      ...(options.failFast === undefined ? {} : { failFast: options.failFast }),
    },
  );
}

function globalWebSocket(): WebSocketConstructorLike | undefined {
  const candidate = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof candidate === "function" ? (candidate as WebSocketConstructorLike) : undefined;
}
