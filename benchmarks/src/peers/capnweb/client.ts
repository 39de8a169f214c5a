import { newWebSocketRpcSession } from "capnweb";
import { WebSocket } from "ws";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import { asDomWebSocket, installWebSocketGlobal, maxMessageBytes, type PathApi } from "./api.js";

installWebSocketGlobal();

/**
 * One WebSocket and one Cap'n Web session per client. Calls are promises on the main stub;
 * the stream arrives as a ReadableStream, read with `for await`.
 */
main(() =>
  runClientProcess(async ({ host, port }) => {
    const socket = new WebSocket(`ws://${host}:${port}`, { maxPayload: maxMessageBytes });
    // Connected before the clock starts.
    await new Promise<void>((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    const api = newWebSocketRpcSession<PathApi>(asDomWebSocket(socket), undefined, {
      limits: { maxMessageSize: maxMessageBytes },
    });
    const bench: BenchClient = {
      unary: (request) => api.shortestPath(request),
      async follow(request, onItem) {
        const stream = await api.follow(request);
        for await (const item of stream) onItem(item);
      },
      close: async () => {
        api[Symbol.dispose]();
        socket.close();
      },
    };
    return bench;
  }),
);
