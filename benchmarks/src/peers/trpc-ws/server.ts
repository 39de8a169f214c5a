import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer } from "ws";
import { main, runServerProcess } from "../../shared/child.js";
import { wsListening } from "../../shared/listen.js";
import { appRouter } from "../trpc/router.js";

/** tRPC's WebSocket adapter on a `ws` server, serving ../trpc/router.ts. */
main(() =>
  runServerProcess(async ({ host }) => {
    // ws's default maxPayload (100 MiB) is already far above ~1 MiB; set so the bound is visible.
    const wss = new WebSocketServer({ host, port: 0, maxPayload: 64 * 1024 * 1024 });
    const handler = applyWSSHandler({ wss, router: appRouter });
    return wsListening(wss, () => handler.broadcastReconnectNotification());
  }),
);
