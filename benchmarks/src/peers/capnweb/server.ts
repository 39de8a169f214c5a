import { newWebSocketRpcSession } from "capnweb";
import { WebSocketServer } from "ws";
import { main, runServerProcess } from "../../shared/child.js";
import { asDomWebSocket, installWebSocketGlobal, maxMessageBytes, PathApi } from "./api.js";

installWebSocketGlobal();

/** Cap'n Web over WebSocket on a `ws` server, as its README shows for Node: one session each. */
main(() =>
  runServerProcess(async ({ host }) => {
    const wss = new WebSocketServer({ host, port: 0, maxPayload: maxMessageBytes });
    await new Promise<void>((resolve, reject) => {
      wss.once("listening", resolve);
      wss.once("error", reject);
    });
    wss.on("connection", (socket) => {
      newWebSocketRpcSession(asDomWebSocket(socket), new PathApi(), {
        limits: { maxMessageSize: maxMessageBytes },
      });
    });
    const address = wss.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    return {
      port: address.port,
      close: () =>
        new Promise<void>((resolve) => {
          // A client that is still connected must not keep the process (and its report) alive.
          for (const socket of wss.clients) socket.terminate();
          wss.close(() => resolve());
        }),
    };
  }),
);
