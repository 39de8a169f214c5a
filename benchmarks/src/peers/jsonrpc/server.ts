import { createServer, type Socket } from "node:net";
import {
  createMessageConnection,
  SocketMessageReader,
  SocketMessageWriter,
} from "vscode-jsonrpc/node";
import { main, runServerProcess } from "../../shared/child.js";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import { follow, positionProgress, shortestPath } from "./messages.js";

/** vscode-jsonrpc over TCP: Content-Length framed JSON, one message connection per socket. */
function serve(socket: Socket): void {
  socket.setNoDelay(true);
  const connection = createMessageConnection(
    new SocketMessageReader(socket),
    new SocketMessageWriter(socket),
  );
  connection.onRequest(shortestPath, (request) => computeRoute(request));
  connection.onRequest(follow, async ({ count, partialResultToken }) => {
    for (let seq = 0; seq < count; seq++) {
      // The writer sends one message at a time and resolves once the socket took it: awaiting
      // is its backpressure (not awaiting would only queue 10k writes behind the same lock).
      await connection.sendProgress(positionProgress, partialResultToken, makePosition(seq));
    }
    return null;
  });
  connection.listen();
  socket.on("close", () => connection.dispose());
}

main(() =>
  runServerProcess(async ({ host }) => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
      serve(socket);
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
          // A client that is still connected must not keep the process (and its report) alive.
          for (const socket of sockets) socket.destroy();
        }),
    };
  }),
);
