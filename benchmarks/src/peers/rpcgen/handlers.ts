import type { HandlersOf, ServiceOf } from "@rpcgen/runtime";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import type { BenchPathServiceDef } from "./descriptor.js";

/** The handlers a user would write: plain functions, the stream as an async generator. */
export const benchHandlers: HandlersOf<ServiceOf<typeof BenchPathServiceDef>> = {
  shortestPath: (request) => computeRoute(request),
  async *follow(request) {
    for (let seq = 0; seq < request.count; seq++) yield makePosition(seq);
  },
};
