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

/**
 * Options for {@link wsTransport}; `reconnect`, `connectAttempts` and `waitForReady` set the
 * connect budget as described on `ConnectionTransportOptions`.
 */
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
   * Time allowed for the WebSocket opening handshake and the protocol handshake together, and
   * (unless `waitForReady`) for a call to wait for a connection, in ms. Default 10 000.
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
 * Creates a client transport to the rpcgen WebSocket endpoint at `url`: the URL `listenWs`
 * prints (`ws://127.0.0.1:7000/`, `wss://host/rpc`), `http:`/`https:` (taken as `ws:`/`wss:`),
 * or in a browser a path relative to the page. Nothing happens until the first call or
 * {@link WsTransport.connect}: then one connection is opened and every call, streams in both
 * directions included, is multiplexed over it. Calls made while it is being (re)established
 * wait within the connect budget (`connectAttempts` failed attempts in a row, default 3, or
 * `connectTimeoutMs`, default 10 s, or their deadline, whichever comes first; only the deadline
 * with `waitForReady`), then fail `unavailable` naming the url and the last connection error
 * (refused, `Unexpected server response: 403`, a timeout). A broken connection fails the calls
 * in flight on it with `unavailable` at once; the next call reconnects with backoff. After a
 * goaway, calls in flight finish while new calls go to a new connection.
 *
 * Browser-safe: it imports neither `ws` nor any `node:` module. Throws a `TypeError` when no
 * WebSocket implementation is available, and a `RangeError` for an unusable option or a url
 * that is malformed or of another scheme (naming the url and the accepted forms).
 */
export function wsTransport(url: string | URL, options: WsTransportOptions = {}): WsTransport {
  const resolved = resolveWsUrl(url);
  const WebSocket = options.WebSocket ?? globalWebSocket();
  if (WebSocket === undefined) {
    throw new TypeError(
      "no WebSocket implementation: globalThis.WebSocket is missing (Node < 22); import wsTransport from @rpcgen/transport-ws/node or pass options.WebSocket",
    );
  }
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
    maxBufferedBytes,
  };
  return connectionTransport(
    { url: name, connect: ({ timeoutMs }) => dialWs({ ...target, timeoutMs }) },
    options,
  );
}

function globalWebSocket(): WebSocketConstructorLike | undefined {
  const candidate = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof candidate === "function" ? (candidate as WebSocketConstructorLike) : undefined;
}
