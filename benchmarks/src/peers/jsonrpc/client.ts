import { connect } from "node:net";
import {
  createMessageConnection,
  SocketMessageReader,
  SocketMessageWriter,
} from "vscode-jsonrpc/node";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import { follow, positionProgress, shortestPath } from "./messages.js";

/** One TCP socket and one vscode-jsonrpc message connection per client. */
main(() =>
  runClientProcess(async ({ host, port }) => {
    const socket = connect({ host, port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const connection = createMessageConnection(
      new SocketMessageReader(socket),
      new SocketMessageWriter(socket),
    );
    connection.listen();
    let nextToken = 1;
    const bench: BenchClient = {
      unary: (request) => connection.sendRequest(shortestPath, request),
      async follow(request, onItem) {
        const partialResultToken = nextToken++;
        const subscription = connection.onProgress(positionProgress, partialResultToken, onItem);
        try {
          await connection.sendRequest(follow, { ...request, partialResultToken });
        } finally {
          subscription.dispose();
        }
      },
      close: async () => {
        connection.dispose();
        socket.end();
      },
    };
    return bench;
  }),
);
