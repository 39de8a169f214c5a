import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import {
  createServer as createHttpsServer,
  type ServerOptions as HttpsOptions,
  type Server as HttpsServer,
} from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Server } from "@rpcgen/runtime";
import { attachEndpoint, type WsEndpointOptions } from "./attach.js";
import { hostPort } from "./peer.js";

/** Options for {@link listenWs}. */
export interface ListenWsOptions extends WsEndpointOptions {
  /** Default 0: the system picks a free port; read it back from {@link WsListener.port}. */
  readonly port?: number;
  /**
   * Default `"127.0.0.1"`, so nothing is exposed by accident; `"0.0.0.0"` or `"::"` listens on
   * every interface.
   */
  readonly host?: string;
  /** The path clients connect to. Default `"/"`. */
  readonly path?: string;
  /**
   * Serve `wss:` with these options (`key`, `cert`, `ca`...). For mutual TLS add
   * `requestCert: true` and the `ca` that signs client certificates: a client without a valid
   * one is refused during the TLS handshake, and handlers see its certificate as
   * `ctx.peerCertificate`.
   */
  readonly tls?: HttpsOptions;
}

/** An HTTP server of its own serving a {@link Server} over WebSocket. */
export interface WsListener {
  /** What clients pass to `wsTransport`, e.g. `ws://127.0.0.1:7000/` or `wss://[::1]:7000/rpc`. */
  readonly url: string;
  /** The TCP port actually bound. */
  readonly port: number;
  /** WebSocket connections accepted and still open. */
  readonly connections: number;
  /**
   * Stops accepting, sends each connection a goaway (calls in flight finish, new calls on it
   * fail `unavailable`), aborts whatever still runs after `graceMs` (default 5000) and resolves
   * once every connection is closed. Idempotent.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

/**
 * Serves `server` over WebSocket on a port of its own (`wss:` with `options.tls`). Plain HTTP
 * requests get `426 Upgrade Required`; upgrades for another path get 404; a connection that has
 * not asked for the upgrade within the server's `handshakeTimeoutMs` is dropped, and once
 * upgraded the protocol handshake gets the same time again. To share a port with other HTTP
 * routes use {@link attachWs} instead. Resolves once listening; rejects if the address cannot be
 * bound.
 */
export async function listenWs(server: Server, options: ListenWsOptions = {}): Promise<WsListener> {
  const secure = options.tls !== undefined;
  const path = options.path ?? "/";
  const handshakeMs = server.limits.handshakeTimeoutMs;
  const httpServer: HttpServer | HttpsServer =
    options.tls === undefined
      ? createHttpServer()
      : createHttpsServer({ handshakeTimeout: handshakeMs, ...options.tls });
  httpServer.on("request", (_request, response) => {
    const body = `this endpoint speaks rpcgen over WebSocket at ${path}\n`;
    response.writeHead(426, {
      Upgrade: "websocket",
      Connection: "close",
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
    });
    response.end(body);
  });

  // A connection that never asks for the upgrade would otherwise sit until Node's own
  // headersTimeout (a minute, checked every 30 s).
  const waiting = new Map<Duplex, ReturnType<typeof setTimeout>>();
  let closing = false;
  const onConnection = (socket: Socket): void => {
    if (closing) {
      socket.destroy();
      return;
    }
    waiting.set(
      socket,
      setTimeout(() => socket.destroy(), handshakeMs),
    );
    socket.once("close", () => {
      clearTimeout(waiting.get(socket));
      waiting.delete(socket);
    });
  };
  httpServer.on(secure ? "secureConnection" : "connection", onConnection);

  const endpoint = attachEndpoint(
    server,
    httpServer,
    { ...options, path },
    {
      exclusive: true,
      onUpgrade: (socket) => {
        clearTimeout(waiting.get(socket));
        waiting.delete(socket);
      },
    },
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  // Once listening, an error concerns one would-be connection; the listener keeps serving, so
  // it is reported rather than allowed to crash the process.
  httpServer.on("error", (error) => {
    process.emitWarning(error, { code: "RPCGEN_LISTENER_ERROR" });
  });

  const bound = httpServer.address() as AddressInfo;
  const url = `${secure ? "wss" : "ws"}://${hostPort(bound.address, bound.port)}${path}`;

  let closed: Promise<void> | undefined;
  const close = async (graceMs: number): Promise<void> => {
    closing = true;
    const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    await endpoint.close({ graceMs });
    // Whatever never upgraded (a 426 answer being read, a silent peer) goes too.
    for (const [socket, timer] of waiting) {
      clearTimeout(timer);
      socket.destroy();
    }
    httpServer.closeAllConnections();
    await stopped;
  };

  return {
    url,
    port: bound.port,
    get connections() {
      return endpoint.connections;
    },
    close(closeOptions = {}) {
      closed ??= close(closeOptions.graceMs ?? 5000);
      return closed;
    },
  };
}
