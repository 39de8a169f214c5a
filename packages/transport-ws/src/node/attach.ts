import type { Server as HttpServer, IncomingMessage } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { type Server, type ServerConnection, verifiedPeerCertificate } from "@rpcgen/runtime";
import { type WebSocket, WebSocketServer } from "ws";
import { maxMessageBytes } from "../message-framing.js";
import { openWsChannel } from "../ws-channel.js";
import { type OriginPolicy, originCheck } from "./origin.js";
import { requestPath, requestPeer } from "./peer.js";
import { defaultMaxPingsPerSecond, limitPings } from "./ping-limit.js";

/** What {@link attachWs} and `listenWs` share. */
export interface WsEndpointOptions {
  /** Browser origins allowed to connect; default every origin. See {@link OriginPolicy}. */
  readonly allowOrigins?: OriginPolicy;
  /**
   * Most bytes a connection may have waiting to be sent before the peer counts as not reading
   * and is disconnected (close 1008; handlers see `resource_exhausted` naming the limit). The
   * server's `maxQueuedBytes` applies first where it is lower: response streams wait while a
   * sixteenth of it is queued, and replies past it close the connection. Default: the larger of
   * 64 MiB and 4 × the server's `maxFrameBytes`.
   */
  readonly maxBufferedBytes?: number;
  /**
   * WebSocket pings a peer may send within any one second; one more and the connection gets a
   * goaway (`resource_exhausted`) and close code 1008. Default 100.
   */
  readonly maxPingsPerSecond?: number;
}

/** Options for {@link attachWs}. */
export interface AttachWsOptions extends WsEndpointOptions {
  /**
   * The path upgrade requests must have, e.g. `"/rpc"`; the query string is ignored. Choose one
   * no HTTP route uses: the HTTP transport's routes are `/<Service>/<method>`.
   */
  readonly path: string;
}

/** A WebSocket endpoint on an HTTP server, serving a {@link Server}. */
export interface WsAttachment {
  /** The path it answers on. */
  readonly path: string;
  /** WebSocket connections accepted here and still open. */
  readonly connections: number;
  /**
   * Refuses new upgrades (503), sends each connection a goaway (calls in flight finish, new
   * calls on it fail `unavailable`), aborts what still runs after `graceMs` (default 5000),
   * and resolves once every connection is closed; then it detaches from the HTTP server, which
   * it never closes. Idempotent.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

/** How the endpoint treats upgrade requests it does not own; internal. */
export interface EndpointHooks {
  /** Answer 404 for other paths even when other 'upgrade' listeners exist. */
  readonly exclusive: boolean;
  /** Called for every upgrade request before it is answered. */
  readonly onUpgrade?: (socket: Duplex) => void;
}

/**
 * Serves `server` over WebSocket on an existing `node:http` or `node:https` server, so one port
 * carries plain HTTP (the HTTP transport's handler, health checks, static files) and rpcgen
 * over WebSocket. Only upgrade requests for `options.path` are taken; upgrades for other paths
 * are left to other 'upgrade' listeners, or answered 404 when there are none. Refused before
 * the upgrade: a disallowed `Origin` (403) and any request while closing (503). Messages over
 * the largest a frame of the server's `maxFrameBytes` needs are refused by `ws` before they are
 * buffered.
 */
export function attachWs(
  server: Server,
  httpServer: HttpServer | HttpsServer,
  options: AttachWsOptions,
): WsAttachment {
  return attachEndpoint(server, httpServer, options, { exclusive: false });
}

/** {@link attachWs} with hooks for `listenWs`. */
export function attachEndpoint(
  server: Server,
  httpServer: HttpServer | HttpsServer,
  options: AttachWsOptions,
  hooks: EndpointHooks,
): WsAttachment {
  const path = options.path;
  if (!path.startsWith("/") || path.includes("?")) {
    throw new RangeError(`path must start with "/" and have no query string, got ${path}`);
  }
  const allowed = originCheck(options.allowOrigins);
  const maxPingsPerSecond = options.maxPingsPerSecond ?? defaultMaxPingsPerSecond;
  if (!Number.isSafeInteger(maxPingsPerSecond) || maxPingsPerSecond < 0) {
    throw new RangeError(
      `maxPingsPerSecond must be a whole number of at least 0, got ${maxPingsPerSecond}`,
    );
  }
  const wss = new WebSocketServer({
    noServer: true,
    // ws refuses a bigger message from its length field, before buffering it (close 1009).
    maxPayload: maxMessageBytes(server.limits.maxFrameBytes),
    // Compression would let a small message inflate into a large one, and msgpack gains little.
    perMessageDeflate: false,
    clientTracking: false,
    // Pings are answered by limitPings, which refuses a flood with a close code and a reason.
    autoPong: false,
  });
  const open = new Map<ServerConnection, Promise<void>>();
  let closing = false;

  const accept = (socket: WebSocket, request: IncomingMessage): void => {
    const channel = openWsChannel(socket, requestPeer(request), {
      maxBufferedBytes: options.maxBufferedBytes,
      // `ws` writes every message to the upgraded connection: its 'drain' is the channel's.
      netSocket: request.socket,
      peerCertificate: verifiedPeerCertificate(request.socket as TLSSocket),
    });
    limitPings(socket, channel, maxPingsPerSecond);
    const connection = server.serve(channel);
    const gone = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    open.set(connection, gone);
    void gone.then(() => open.delete(connection));
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    hooks.onUpgrade?.(socket);
    const requested = requestPath(request);
    if (requested !== path) {
      if (hooks.exclusive || httpServer.listenerCount("upgrade") === 1) {
        refuse(socket, 404, "Not Found", `no WebSocket endpoint at ${requested}`);
      }
      return;
    }
    if (closing) {
      refuse(socket, 503, "Service Unavailable", "the server is shutting down");
      return;
    }
    if (!allowed(request.headers.origin, request)) {
      refuse(socket, 403, "Forbidden", "this origin may not connect");
      return;
    }
    wss.handleUpgrade(request, socket, head, accept);
  };
  httpServer.on("upgrade", onUpgrade);

  let closed: Promise<void> | undefined;
  const close = async (graceMs: number): Promise<void> => {
    closing = true;
    const connections = [...open.keys()];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(connections.map((c) => c.drain())), expired]);
    clearTimeout(timer);
    for (const connection of connections) connection.abort();
    // Each channel terminates its socket if the peer does not finish the close handshake.
    await Promise.all(open.values());
    httpServer.off("upgrade", onUpgrade);
  };

  return {
    path,
    get connections() {
      return open.size;
    },
    close(closeOptions = {}) {
      closed ??= close(closeOptions.graceMs ?? 5000);
      return closed;
    },
  };
}

/** Answers an upgrade request with a plain HTTP error and drops the connection. */
function refuse(socket: Duplex, status: number, statusText: string, body: string): void {
  socket.on("error", () => {});
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.once("finish", () => socket.destroy());
}
