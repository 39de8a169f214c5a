import type { Server as NetServer, Socket } from "node:net";
import type { WebSocketServer } from "ws";
import type { ListeningPeer } from "./child.js";

/**
 * Listens `server` (node:net, node:http or node:http2) on an ephemeral port of `host`. Its
 * `close()` also destroys the connections still open: a client that is still connected must
 * not keep the process (and its report) alive.
 */
export async function listenEphemeral(server: NetServer, host: string): Promise<ListeningPeer> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * The same for a `ws` server made with `port: 0`: waits until it listens; `close()` runs
 * `beforeClose` (e.g. telling clients to reconnect) and terminates the sockets still open.
 */
export async function wsListening(
  wss: WebSocketServer,
  beforeClose?: () => void,
): Promise<ListeningPeer> {
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  const address = wss.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        beforeClose?.();
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}
