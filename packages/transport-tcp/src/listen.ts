import {
  type AddressInfo,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from "node:net";
import { createServer as createTlsServer, type TlsOptions } from "node:tls";
import type { Server, ServerConnection } from "@rpcgen/runtime";
import { addressPeer, addressUrl, hostPort } from "./address.js";
import { socketChannel } from "./socket-channel.js";
import { removeStaleSocket } from "./unix-socket.js";

/** Listen on a TCP port. */
export interface TcpListenOptions {
  /** Default 0: the system picks a free port; read it back from {@link TcpListener.port}. */
  readonly port?: number;
  /**
   * Default `"127.0.0.1"`, so nothing is exposed by accident; `"0.0.0.0"` or `"::"` listens on
   * every interface.
   */
  readonly host?: string;
  /**
   * Serve TLS with these options (`key`, `cert`, `ca`...). For mutual TLS add
   * `requestCert: true` and the `ca` that signs client certificates: a client without a valid
   * one is refused during the handshake, and handlers see its certificate as
   * `ctx.peerCertificate`. A handshake not done within the server's `handshakeTimeoutMs` is
   * dropped (unless `handshakeTimeout` is set here).
   */
  readonly tls?: TlsOptions;
}

/** Listen on a Unix domain socket. */
export interface UnixListenOptions {
  /** The socket file. A stale one left by a dead process is replaced; a live one is not. */
  readonly path: string;
  /** Serve TLS over the Unix socket. */
  readonly tls?: TlsOptions;
}

/** Options for {@link listenTcp}: a TCP port or a Unix socket path, optionally with TLS. */
export type ListenTcpOptions = (TcpListenOptions | UnixListenOptions) & {
  /**
   * Connections the kernel may hold completed but not yet accepted. Default 4096 (the kernel
   * caps it at `net.core.somaxconn`).
   */
  readonly backlog?: number;
};

const defaultBacklog = 4096;

/** A listening socket serving a {@link Server}. */
export interface TcpListener {
  /** `tcp://127.0.0.1:7000`, `tls://127.0.0.1:7000`, `unix:///run/app.sock` or `tls+unix://...`. */
  readonly url: string;
  /** The TCP port actually bound, or `undefined` for a Unix socket. */
  readonly port: number | undefined;
  /** The Unix socket path, or `undefined` for TCP. */
  readonly path: string | undefined;
  /** Connections accepted by this listener and still open. */
  readonly connections: number;
  /**
   * Stops accepting, then shuts this listener's connections down gracefully: each gets a
   * goaway, calls in flight finish while new ones fail with `unavailable`, and whatever is left
   * after `graceMs` (default 5000) is aborted. Resolves once every connection is closed; Node
   * removes a Unix socket file at that point. Idempotent.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

/**
 * Serves `server` on a TCP port or Unix socket, with TLS when `options.tls` is set. Each
 * accepted connection becomes one {@link Server.serve} session over a {@link socketChannel}.
 * Resolves once listening; rejects if the address cannot be bound.
 */
export async function listenTcp(
  server: Server,
  options: ListenTcpOptions = {},
): Promise<TcpListener> {
  const secure = options.tls !== undefined;
  const path = "path" in options ? options.path : undefined;
  const connections = new Set<ServerConnection>();
  let closing = false;

  const accept = (socket: Socket): void => {
    if (closing) {
      socket.destroy();
      return;
    }
    const peer =
      path === undefined
        ? `${secure ? "tls" : "tcp"}:${hostPort(socket.remoteAddress ?? "unknown", socket.remotePort ?? 0)}`
        : addressPeer({ path }, secure);
    const connection = server.serve(socketChannel(socket, peer));
    connections.add(connection);
    socket.once("close", () => connections.delete(connection));
  };
  // Node's own TLS handshake timeout is two minutes: a peer that opens a connection and sends
  // nothing would hold it that long, before the session's handshakeTimeoutMs ever starts.
  const listener: NetServer =
    options.tls === undefined
      ? createNetServer(accept)
      : createTlsServer(
          { handshakeTimeout: server.limits.handshakeTimeoutMs, ...options.tls },
          accept,
        );
  // A failed or timed-out TLS handshake leaves the socket open unless someone destroys it
  // (node:https does this itself; node:tls only reports it).
  listener.on("tlsClientError", (_error: Error, socket: Socket) => socket.destroy());

  if (path !== undefined) await removeStaleSocket(path);
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    const listening = (): void => {
      listener.off("error", reject);
      resolve();
    };
    // Node's default backlog (511) overflows when hundreds of clients connect at once: the
    // kernel drops the excess handshakes and each retries only after a second.
    const backlog = options.backlog ?? defaultBacklog;
    if ("path" in options) listener.listen({ path: options.path, backlog }, listening);
    else {
      listener.listen(
        { port: options.port ?? 0, host: options.host ?? "127.0.0.1", backlog },
        listening,
      );
    }
  });
  // Once listening, an error (a failed accept) concerns one would-be connection; the listener
  // keeps serving, so it is reported rather than allowed to crash the process.
  listener.on("error", (error) => {
    process.emitWarning(error, { code: "RPCGEN_LISTENER_ERROR" });
  });

  const bound = listener.address();
  const port =
    typeof bound === "object" && bound !== null ? (bound as AddressInfo).port : undefined;
  const url =
    path !== undefined
      ? addressUrl({ path }, secure)
      : `${secure ? "tls" : "tcp"}://${hostPort((bound as AddressInfo).address, port!)}`;

  let closed: Promise<void> | undefined;
  const close = async (graceMs: number): Promise<void> => {
    closing = true;
    const stopped = new Promise<void>((resolve) => listener.close(() => resolve()));
    const open = [...connections];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(open.map((c) => c.drain())), expired]);
    clearTimeout(timer);
    for (const connection of open) connection.abort();
    await stopped;
    // Node reports the listener closed before the sockets' own 'close' events have run.
    connections.clear();
  };

  return {
    url,
    port,
    path,
    get connections() {
      return connections.size;
    },
    close(closeOptions = {}) {
      closed ??= close(closeOptions.graceMs ?? 5000);
      return closed;
    },
  };
}
