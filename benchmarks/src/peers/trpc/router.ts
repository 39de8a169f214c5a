import { initTRPC } from "@trpc/server";
import { z } from "zod";
import { computeRoute, makePosition } from "../../shared/payloads.js";

/**
 * The router both tRPC peers serve, written as a tRPC user would: zod input schemas (what
 * tRPC's docs use; they validate every request on the server), plain JSON (no transformer),
 * and streams as async generators. Only the output is left unvalidated, as usual.
 */
const t = initTRPC.create();

const latLon = z.object({ lat: z.number(), lon: z.number() });

const pathRequest = z.object({
  from: latLon,
  to: latLon,
  // exactOptional: absent stays absent, matching PathRequest under exactOptionalPropertyTypes.
  avoid: z.array(z.enum(["tolls", "highways"])).exactOptional(),
  payload: z.string().exactOptional(),
});

const followRequest = z.object({ rideId: z.string(), count: z.number().int().nonnegative() });

async function* positions(count: number) {
  for (let seq = 0; seq < count; seq++) yield makePosition(seq);
}

export const appRouter = t.router({
  shortestPath: t.procedure.input(pathRequest).query(({ input }) => computeRoute(input)),
  /**
   * The stream for trpc-ws. tRPC's WebSocket adapter streams only subscriptions (it refuses an
   * async iterable from a query), and a subscription is also what its docs show for a
   * stream of updates.
   */
  follow: t.procedure.input(followRequest).subscription(({ input }) => positions(input.count)),
  /**
   * The stream for trpc-http: a query returning an async generator, which
   * `httpBatchStreamLink` delivers item by item over one streamed (JSONL) response. Over
   * HTTP a subscription would need `httpSubscriptionLink`, i.e. server-sent events and an
   * `EventSource`, which Node 20 lacks without another package.
   */
  followStream: t.procedure.input(followRequest).query(({ input }) => positions(input.count)),
});

export type AppRouter = typeof appRouter;
