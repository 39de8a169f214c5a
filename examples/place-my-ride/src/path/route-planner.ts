import { RpcCode, RpcError } from "@rpcgen/runtime";
import type { PathRequest, Route } from "../../services/path.js";
import { formatBBox, formatPoint, type LatLon } from "./geo.js";
import type { NearestIndex } from "./nearest.js";
import type { RoadGraph } from "./road-graph.js";
import { type AlternativesOptions, alternatives, aStar, type PathResult } from "./shortest-path.js";

/**
 * The fastest route between two points, as PathService.shortestPath answers it: both points
 * snap to their nearest intersection, then A* runs on travel time. Throws `out_of_range` for a
 * point outside the map area and `not_found` when the avoid list leaves no way through.
 */
export function planRoute(graph: RoadGraph, index: NearestIndex, req: PathRequest): Route {
  const [from, to] = endpoints(graph, index, req);
  const result = aStar(graph, from, to, { avoid: req.avoid });
  if (result === undefined) throw unreachable(graph, from, to, req);
  return toRoute(graph, result);
}

/** Options for {@link planAlternatives}; the avoid list comes from the request. */
export type PlanAlternativesOptions = Omit<AlternativesOptions, "avoid">;

/**
 * Distinct routes, the fastest first, as PathService.alternatives streams them. A generator:
 * errors (the same as {@link planRoute}'s) surface on the first `next()`, and a service can
 * wrap it in an `async function*` that checks its abort signal between routes.
 */
export function* planAlternatives(
  graph: RoadGraph,
  index: NearestIndex,
  req: PathRequest,
  options: PlanAlternativesOptions = {},
): Generator<Route, void, undefined> {
  const [from, to] = endpoints(graph, index, req);
  let found = false;
  for (const result of alternatives(graph, from, to, { ...options, avoid: req.avoid })) {
    found = true;
    yield toRoute(graph, result);
  }
  if (!found) throw unreachable(graph, from, to, req);
}

function endpoints(graph: RoadGraph, index: NearestIndex, req: PathRequest): [number, number] {
  if (index.graph !== graph) throw new Error("the nearest-node index was built for another graph");
  return [snap(index, req.from, "from"), snap(index, req.to, "to")];
}

function snap(index: NearestIndex, point: LatLon, field: "from" | "to"): number {
  if (index.isOutside(point)) {
    throw new RpcError(
      RpcCode.OutOfRange,
      `${field} ${formatPoint(point)} is outside the map area ${formatBBox(index.bbox)}`,
      { details: { field, area: index.bbox } },
    );
  }
  return index.nearest(point);
}

/**
 * `not_found`, saying whether the avoid list is to blame: one more search, but only on the
 * failure path, and it tells the caller whether dropping `avoid` would help.
 */
function unreachable(graph: RoadGraph, from: number, to: number, req: PathRequest): RpcError {
  const trip = `from ${formatPoint(req.from)} to ${formatPoint(req.to)}`;
  const avoid = [...new Set(req.avoid ?? [])];
  if (avoid.length > 0 && aStar(graph, from, to) !== undefined) {
    return new RpcError(
      RpcCode.NotFound,
      `no route ${trip} avoids ${avoid.join(" and ")}: every way there uses them`,
      { details: { avoid } },
    );
  }
  return new RpcError(RpcCode.NotFound, `no route ${trip}: the destination cannot be reached`);
}

function toRoute(graph: RoadGraph, result: PathResult): Route {
  return {
    distanceMeters: result.distanceMeters,
    etaSeconds: result.etaSeconds,
    path: result.nodes.map((v) => ({ lat: graph.lat[v]!, lon: graph.lon[v]! })),
  };
}
