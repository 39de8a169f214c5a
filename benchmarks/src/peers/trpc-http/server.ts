import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { main, runServerProcess } from "../../shared/child.js";
import { listenEphemeral } from "../../shared/listen.js";
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
    return listenEphemeral(server, host);
  }),
);
