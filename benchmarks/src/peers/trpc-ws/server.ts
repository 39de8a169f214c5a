import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer } from "ws";
import { main, runServerProcess } from "../../shared/child.js";
import { appRouter } from "../trpc/router.js";

/** tRPC's WebSocket adapter on a `ws` server, serving ../trpc/router.ts. */
main(() =>
  runServerProcess(async ({ host }) => {
    // ws's default maxPayload (100 MiB) is already far above ~1 MiB; set so the bound is visible.
    const wss = new WebSocketServer({ host, port: 0, maxPayload: 64 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      wss.once("listening", resolve);
      wss.once("error", reject);
    });
    const handler = applyWSSHandler({ wss, router: appRouter });
    const address = wss.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    return {
      port: address.port,
      close: () =>
        new Promise<void>((resolve) => {
          handler.broadcastReconnectNotification();
          // A client that is still connected must not keep the process (and its report) alive.
          for (const socket of wss.clients) socket.terminate();
          wss.close(() => resolve());
        }),
    };
  }),
);
