import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { RpcCode, RpcError, type Server } from "@rpcgen/runtime";
import { createHandler, type HandlerTracker, type HttpHandlerOptions } from "./handler.js";

/** Options for {@link listenHttp}. */
export interface ListenHttpOptions extends HttpHandlerOptions {
  /** Default 0: the system picks a free port; read it back from {@link HttpListener.port}. */
  readonly port?: number;
  /**
   * Default `"127.0.0.1"`, so nothing is exposed by accident; `"0.0.0.0"` or `"::"` listens on
   * every interface.
   */
  readonly host?: string;
}

/** A node:http server serving a {@link Server}. */
export interface HttpListener {
  /** `http://127.0.0.1:7000`, plus the prefix when there is one: the client's base URL. */
  readonly url: string;
  /** The TCP port actually bound. */
  readonly port: number;
  /** The underlying node:http server, e.g. to add routes of your own or tune timeouts. */
  readonly httpServer: HttpServer;
  /**
   * Stops accepting connections and refuses new calls on open ones (`unavailable`, 503);
   * calls in flight finish, and whatever still runs after `graceMs` (default 5000) fails with
   * `unavailable` before the connections are closed. Resolves once the server is closed.
   * Idempotent.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

/**
 * Serves `server` over HTTP/1.1 on node:http: {@link httpHandler} on its own server, with
 * graceful shutdown. Resolves once listening; rejects if the address cannot be bound.
 */
export async function listenHttp(
  server: Server,
  options: ListenHttpOptions = {},
): Promise<HttpListener> {
  const tracker: HandlerTracker = { closing: false, calls: new Set(), idle: undefined };
  const handler = createHandler(server, options, tracker);
  const httpServer = createHttpServer((req, res) => handler(req, res));
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
  const url = `http://${host}:${address.port}${prefix.replace(/\/$/, "")}`;

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
