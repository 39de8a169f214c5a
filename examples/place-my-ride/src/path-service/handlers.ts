import type { PathServiceHandlers } from "../gen/path.js";
import type { NearestIndex, RoadGraph } from "../path/index.js";
import { planAlternatives, planRoute } from "../path/index.js";

/** How many alternatives `alternatives` offers at most. */
const maxAlternatives = 3;

/**
 * PathService over one road graph: plain calls into the routing library. Alternatives are
 * yielded one by one and stop when the caller cancels or its deadline passes.
 */
export function pathHandlers(graph: RoadGraph, index: NearestIndex): PathServiceHandlers {
  return {
    shortestPath: (req) => planRoute(graph, index, req),
    async *alternatives(req, ctx) {
      for (const route of planAlternatives(graph, index, req, { count: maxAlternatives })) {
        if (ctx.signal.aborted) return;
        yield route;
      }
    },
  };
}
