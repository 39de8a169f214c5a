import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type RequestListener,
} from "node:http";
import {
  createServer as createHttpsServer,
  type ServerOptions as HttpsOptions,
  type Server as HttpsServer,
} from "node:https";
import type { AddressInfo } from "node:net";
import { RpcCode, RpcError, type Server } from "@rpcgen/runtime";
import { createHandler, type HandlerTracker, type HttpHandlerOptions } from "./handler.js";
import { type HttpTimeouts, resolveTimeouts, timeoutOptions } from "./timeouts.js";

/** Options for {@link listenHttp}. */
export interface ListenHttpOptions extends HttpHandlerOptions {
  /** Default 0: the system picks a free port; read it back from {@link HttpListener.port}. */
  readonly port?: number;
  /**
   * Default `"127.0.0.1"`, so nothing is exposed by accident; `"0.0.0.0"` or `"::"` listens on
   * every interface.
   */
  readonly host?: string;
  /**
   * Serve `https:` with these options (`key`, `cert`, `ca`...). For mutual TLS add
   * `requestCert: true` and the `ca` that signs client certificates: a client without a valid
   * one is refused during the TLS handshake, and handlers see its certificate as
   * `ctx.peerCertificate`.
   */
  readonly tls?: HttpsOptions;
  /**
   * How long a slow or silent peer may hold a connection; unset ones take their defaults
   * (docs/http.md, Timeouts).
   */
  readonly timeouts?: Partial<HttpTimeouts>;
}

/** A node:http server serving a {@link Server}. */
export interface HttpListener {
  /** `http://127.0.0.1:7000` (`https:` with TLS), plus the prefix when there is one: the client's base URL. */
  readonly url: string;
  /** The TCP port actually bound. */
  readonly port: number;
  /** The underlying node:http (or node:https) server, e.g. to add routes of your own. */
  readonly httpServer: HttpServer | HttpsServer;
  /**
   * Stops accepting connections and refuses new calls on open ones (`unavailable`, 503);
   * calls in flight finish, and whatever still runs after `graceMs` (default 5000) fails with
   * `unavailable` before the connections are closed. Resolves once the server is closed.
   * Idempotent.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

/**
 * Serves `server` over HTTP/1.1 on node:http (node:https with `options.tls`): {@link httpHandler}
 * on its own server, with timeouts for slow peers and graceful shutdown. Resolves once
 * listening; rejects if the address cannot be bound. Throws a `RangeError` for timeouts that
 * are not positive whole milliseconds or a `headersMs` above `requestMs`.
 */
export async function listenHttp(
  server: Server,
  options: ListenHttpOptions = {},
): Promise<HttpListener> {
  const tracker: HandlerTracker = { closing: false, calls: new Set(), idle: undefined };
  const timeouts = resolveTimeouts(options.timeouts, server.limits.handshakeTimeoutMs);
  const secure = options.tls !== undefined;
  const handler = createHandler(server, options, tracker);
  const onRequest: RequestListener = (req, res) => handler(req, res);
  const httpServer: HttpServer | HttpsServer =
    options.tls === undefined
      ? createHttpServer(timeoutOptions(timeouts), onRequest)
      : createHttpsServer(
          { ...timeoutOptions(timeouts), handshakeTimeout: timeouts.handshakeMs, ...options.tls },
          onRequest,
        );
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  // Once listening, an error concerns one would-be connection; keep serving.
  httpServer.on("error", (error) => {
    process.emitWarning(error, { code: "RPCGEN_LISTENER_ERROR" });
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.address.includes(":") ? `[${address.address}]` : address.address;
  const prefix = options.prefix === undefined || options.prefix === "/" ? "" : options.prefix;
  const url = `${secure ? "https" : "http"}://${host}:${address.port}${prefix.replace(/\/$/, "")}`;

  let closed: Promise<void> | undefined;
  const close = async (graceMs: number): Promise<void> => {
    tracker.closing = true;
    const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    if (tracker.calls.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        tracker.idle = resolve;
        timer = setTimeout(resolve, graceMs);
      });
      clearTimeout(timer);
    }
    const shutdown = new RpcError(
      RpcCode.Unavailable,
      "the server shut down while the call was in flight",
    );
    for (const call of tracker.calls) call.fail(shutdown);
    // Let the 503s leave before the sockets go.
    await new Promise((resolve) => setImmediate(resolve));
    httpServer.closeAllConnections();
    await stopped;
  };

  return {
    url,
    port: address.port,
    httpServer,
    close(closeOptions = {}) {
      closed ??= close(closeOptions.graceMs ?? 5000);
      return closed;
    },
  };
}
