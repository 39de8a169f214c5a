import type { Socket } from "node:net";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { main, runServerProcess } from "../../shared/child.js";
import { appRouter } from "../trpc/router.js";

/** tRPC's standalone HTTP/1.1 adapter serving ../trpc/router.ts. */
main(() =>
  runServerProcess(async ({ host }) => {
    const server = createHTTPServer({
      router: appRouter,
      // The client sends queries as POST (methodOverride, see client.ts), so inputs of any
      // size travel in the body rather than the URL.
      allowMethodOverride: true,
      // No body limit by default; a bound a deployed server would set, far above ~1 MiB.
      maxBodySize: 64 * 1024 * 1024,
    });
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
          // A client that is still connected must not keep the process (and its report) alive.
          for (const socket of sockets) socket.destroy();
        }),
    };
  }),
);
