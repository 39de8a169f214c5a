import { createServer, type Socket } from "node:net";
import {
  createMessageConnection,
  SocketMessageReader,
  SocketMessageWriter,
} from "vscode-jsonrpc/node";
import { main, runServerProcess } from "../../shared/child.js";
import { listenEphemeral } from "../../shared/listen.js";
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
    const server = createServer((socket) => {
      socket.on("error", () => socket.destroy());
      serve(socket);
    });
    return listenEphemeral(server, host);
  }),
);
