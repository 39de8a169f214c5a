import { createTRPCClient, httpBatchLink, httpBatchStreamLink, splitLink } from "@trpc/client";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import { makeRequests } from "../../shared/payloads.js";
import type { AppRouter } from "../trpc/router.js";

/**
 * tRPC over HTTP/1.1 with Node's global fetch (undici). Unary calls go through
 * `httpBatchLink`: calls made in the same tick travel as one batched request, tRPC's usual
 * setup and the fastest of its HTTP links for unary-64 (quick runs: ~4,400 calls/s, against
 * ~930 for `httpBatchStreamLink` and ~330 for the unbatched `httpLink`). The stream goes
 * through `httpBatchStreamLink`, the link that can deliver a query's async generator.
 * `methodOverride: "POST"` sends queries as POST so inputs (64 KiB payloads, 64 batched
 * requests) go in the body, not in a URL past Node's 16 KiB header limit.
 *
 * Undici keeps one connection pool per origin for the whole process, so several clients in
 * one process share it: it opens as many keep-alive sockets as there are requests in flight.
 */
function createClient(url: string) {
  const common = { url, methodOverride: "POST" as const };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.path === "followStream",
        true: httpBatchStreamLink(common),
        false: httpBatchLink(common),
      }),
    ],
  });
}

main(() =>
  runClientProcess(async ({ host, port }) => {
    const client = createClient(`http://${host}:${port}`);
    // Opens the first socket before the clock starts.
    await client.shortestPath.query(makeRequests(1)[0]!);
    const bench: BenchClient = {
      unary: (request) => client.shortestPath.query(request),
      async follow(request, onItem) {
        for await (const item of await client.followStream.query(request)) onItem(item);
      },
      close: async () => {},
    };
    return bench;
  }),
);
