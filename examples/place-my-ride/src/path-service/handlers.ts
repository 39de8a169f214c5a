import { type CallContext, RpcCode, RpcError } from "@rpcgen/runtime";
import type { MapBounds, PathRequest } from "../../services/path.js";
import type { PathServiceErrors, PathServiceHandlers } from "../gen/path.js";
import type { BBox, NearestIndex, RoadGraph } from "../path/index.js";
import { planAlternatives, planRoute } from "../path/index.js";

/** How many alternatives `alternatives` offers at most. */
const maxAlternatives = 3;

/** What both methods may raise: they declare the same errors. */
type PathContext = CallContext<PathServiceErrors["shortestPath"]>;

/**
 * PathService over one road graph: plain calls into the routing library, whose `out_of_range`
 * and `not_found` become the declared `OutOfArea` and `Unreachable` with their details.
 * Alternatives are yielded one by one and stop when the caller cancels or its deadline passes.
 */
export function pathHandlers(graph: RoadGraph, index: NearestIndex): PathServiceHandlers {
  return {
    shortestPath(req, ctx) {
      try {
        return planRoute(graph, index, req);
      } catch (error) {
        throw declared(error, req, index, ctx);
      }
    },
    async *alternatives(req, ctx) {
      try {
        for (const route of planAlternatives(graph, index, req, { count: maxAlternatives })) {
          if (ctx.signal.aborted) return;
          yield route;
        }
      } catch (error) {
        throw declared(error, req, index, ctx);
      }
    },
  };
}

/**
 * The routing library's refusals as the errors PathService declares, keeping their messages:
 * a point off the map is `OutOfArea` naming which one, a destination no route reaches is
 * `Unreachable`, naming the avoided road kinds when the library says they are to blame.
 */
function declared(error: unknown, req: PathRequest, index: NearestIndex, ctx: PathContext) {
  if (!(error instanceof RpcError)) return error;
  if (error.code === RpcCode.OutOfRange) {
    const point = index.isOutside(req.from) ? "from" : "to";
    return ctx.error("OutOfArea", { point, bounds: boundsOf(index.bbox) }, error.message);
  }
  if (error.code === RpcCode.NotFound) {
    const avoid = blamesAvoid(error) ? [...new Set(req.avoid)] : undefined;
    return ctx.error("Unreachable", avoid === undefined ? {} : { avoid }, error.message);
  }
  return error;
}

/** The library names the avoid list in its details when a route exists without it. */
function blamesAvoid(error: RpcError): boolean {
  const details = error.details;
  return typeof details === "object" && details !== null && "avoid" in details;
}

function boundsOf(box: BBox): MapBounds {
  return { south: box.minLat, west: box.minLon, north: box.maxLat, east: box.maxLon };
}
