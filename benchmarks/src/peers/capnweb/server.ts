import { newWebSocketRpcSession } from "capnweb";
import { WebSocketServer } from "ws";
import { main, runServerProcess } from "../../shared/child.js";
import { wsListening } from "../../shared/listen.js";
import { asDomWebSocket, installWebSocketGlobal, maxMessageBytes, PathApi } from "./api.js";

installWebSocketGlobal();

/** Cap'n Web over WebSocket on a `ws` server, as its README shows for Node: one session each. */
main(() =>
  runServerProcess(async ({ host }) => {
    const wss = new WebSocketServer({ host, port: 0, maxPayload: maxMessageBytes });
    wss.on("connection", (socket) => {
      newWebSocketRpcSession(asDomWebSocket(socket), new PathApi(), {
        limits: { maxMessageSize: maxMessageBytes },
      });
    });
    return wsListening(wss);
  }),
);
