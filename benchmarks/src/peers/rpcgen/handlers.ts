import { computeRoute, makePosition } from "../../shared/payloads.js";
import type { PathServiceHandlers } from "./gen/service.js";

/**
 * The handlers a user would write: plain functions, and the stream as a sync generator, the
 * form docs/codegen.md recommends when the items are at hand (as grpc-js's handler writes in a
 * plain loop). `async *follow` costs ~0.2 us more per item; docs/performance.md has both.
 */
export const benchHandlers: PathServiceHandlers = {
  shortestPath: (request) => computeRoute(request),
  *follow(request) {
    for (let seq = 0; seq < request.count; seq++) yield makePosition(seq);
  },
};
