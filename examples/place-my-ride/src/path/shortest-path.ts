import { haversineMeters } from "./geo.js";
import { NodeHeap } from "./heap.js";
import { EdgeFlag, type RoadGraph } from "./road-graph.js";

/** Road kinds a route can stay off (the IDL's `Avoid`). */
export type Avoid = "tolls" | "highways";

export interface SearchOptions {
  readonly avoid?: readonly Avoid[] | undefined;
  /**
   * A cost multiplier (>= 1) per edge. Alternatives use it to push later searches off earlier
   * routes; multipliers below 1 would break the A* estimate.
   */
  readonly penalty?: Float64Array | undefined;
}

/** A route through the graph: its nodes and the edges between them, start to end. */
export interface PathResult {
  readonly nodes: number[];
  readonly edges: number[];
  readonly distanceMeters: number;
  readonly etaSeconds: number;
}

/** The {@link EdgeFlag} bits an avoid list rules out. */
export function avoidMask(avoid: readonly Avoid[] | undefined): number {
  let mask = 0;
  for (const kind of avoid ?? []) mask |= kind === "tolls" ? EdgeFlag.Toll : EdgeFlag.Highway;
  return mask;
}

/**
 * The fastest route by plain Dijkstra: the reference A* is checked against. `undefined` when
 * `to` cannot be reached without the avoided roads.
 */
export function dijkstra(
  graph: RoadGraph,
  from: number,
  to: number,
  options: SearchOptions = {},
): PathResult | undefined {
  return search(graph, from, to, options, false);
}

/**
 * The fastest route by A*. The estimate is the great-circle distance to `to` over the top speed
 * of the usable roads: never more than the true remaining time, since no edge is shorter than
 * the straight line nor faster than that speed, so the result is as optimal as Dijkstra's.
 */
export function aStar(
  graph: RoadGraph,
  from: number,
  to: number,
  options: SearchOptions = {},
): PathResult | undefined {
  return search(graph, from, to, options, true);
}

function search(
  graph: RoadGraph,
  from: number,
  to: number,
  options: SearchOptions,
  guided: boolean,
): PathResult | undefined {
  checkNode(graph, from, "from");
  checkNode(graph, to, "to");
  const mask = avoidMask(options.avoid);
  const penalty = options.penalty;
  const n = graph.nodeCount;
  const { firstEdge, edgeTarget, travelSeconds, flags } = graph;
  const cost = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  // The edge each node was reached by on its best known route; the route is read back from it.
  const via = new Int32Array(n).fill(-1);
  const heap = new NodeHeap(n);

  const speed = graph.maxSpeedMps[mask]!;
  // Estimates are cached per node (-1 = not yet computed): haversine is the costly part.
  const estimates = guided && speed > 0 ? new Float64Array(n).fill(-1) : undefined;
  const toLat = graph.lat[to]!;
  const toLon = graph.lon[to]!;
  const estimate = (v: number): number => {
    if (estimates === undefined) return 0;
    let h = estimates[v]!;
    if (h < 0) {
      h = haversineMeters(graph.lat[v]!, graph.lon[v]!, toLat, toLon) / speed;
      estimates[v] = h;
    }
    return h;
  };

  cost[from] = 0;
  heap.push(from, estimate(from));
  while (heap.size > 0) {
    const v = heap.pop();
    // With an admissible estimate, `to` leaves the queue with its final cost.
    if (v === to) break;
    const base = cost[v]!;
    for (let e = firstEdge[v]!, end = firstEdge[v + 1]!; e < end; e++) {
      if ((flags[e]! & mask) !== 0) continue;
      const w = edgeTarget[e]!;
      const c =
        base + (penalty === undefined ? travelSeconds[e]! : travelSeconds[e]! * penalty[e]!);
      if (c < cost[w]!) {
        cost[w] = c;
        via[w] = e;
        // Re-queues a node already settled if a cheaper way turns up, so the result stays exact
        // even if rounding makes the estimate a hair inconsistent.
        heap.push(w, c + estimate(w));
      }
    }
  }
  if (cost[to] === Number.POSITIVE_INFINITY) return undefined;
  return readRoute(graph, from, to, via);
}

function readRoute(graph: RoadGraph, from: number, to: number, via: Int32Array): PathResult {
  const edges: number[] = [];
  for (let v = to; v !== from; ) {
    const e = via[v]!;
    edges.push(e);
    v = graph.edgeSource[e]!;
  }
  edges.reverse();
  const nodes = [from];
  let distanceMeters = 0;
  let etaSeconds = 0;
  // Totals are the real lengths and times, whatever penalties steered the search.
  for (const e of edges) {
    nodes.push(graph.edgeTarget[e]!);
    distanceMeters += graph.lengthMeters[e]!;
    etaSeconds += graph.travelSeconds[e]!;
  }
  return { nodes, edges, distanceMeters, etaSeconds };
}

function checkNode(graph: RoadGraph, node: number, name: string): void {
  if (!Number.isInteger(node) || node < 0 || node >= graph.nodeCount) {
    throw new RangeError(`${name} node ${node} is not in the graph (0..${graph.nodeCount - 1})`);
  }
}

export interface AlternativesOptions {
  readonly avoid?: readonly Avoid[] | undefined;
  /** How many routes at most, the fastest included. Default 3. */
  readonly count?: number;
  /** Cost multiplier on the edges of each route found, for the next search. Default 1.4. */
  readonly penaltyFactor?: number;
  /** A candidate sharing more than this fraction of its length with a kept route is dropped. */
  readonly maxOverlap?: number;
  /** A candidate slower than this many times the fastest route is not worth offering. */
  readonly maxStretch?: number;
}

/**
 * Distinct routes from `from` to `to` by the penalty method: the fastest first, then A* again
 * with the edges of every route found so far made 1.4× as costly, keeping candidates that are
 * neither near-duplicates of a kept route nor much slower than the fastest. A generator so a
 * server stream can send each route as soon as it is found; nothing when `to` is unreachable.
 */
export function* alternatives(
  graph: RoadGraph,
  from: number,
  to: number,
  options: AlternativesOptions = {},
): Generator<PathResult, void, undefined> {
  const count = options.count ?? 3;
  const factor = options.penaltyFactor ?? 1.4;
  const maxOverlap = options.maxOverlap ?? 0.8;
  const maxStretch = options.maxStretch ?? 1.5;
  const avoid = options.avoid;
  if (count < 1) return;
  const best = aStar(graph, from, to, { avoid });
  if (best === undefined) return;
  yield best;
  const kept = [best];
  const penalty = new Float64Array(graph.edgeCount).fill(1);
  const penalize = (route: PathResult) => {
    for (const e of route.edges) penalty[e]! *= factor;
  };
  penalize(best);
  // Penalties compound, so each attempt moves further away; a few attempts per route suffice.
  for (let attempt = 0; kept.length < count && attempt < 3 * count; attempt++) {
    const candidate = aStar(graph, from, to, { avoid, penalty });
    if (candidate === undefined) return;
    penalize(candidate);
    if (candidate.etaSeconds > best.etaSeconds * maxStretch) continue;
    if (kept.some((route) => overlap(graph, candidate, route) > maxOverlap)) continue;
    kept.push(candidate);
    yield candidate;
  }
}

/** The share of `candidate`'s length on edges `other` also uses (1 for an empty route). */
export function overlap(graph: RoadGraph, candidate: PathResult, other: PathResult): number {
  if (candidate.distanceMeters === 0) return 1;
  const shared = new Set(other.edges);
  let meters = 0;
  for (const e of candidate.edges) if (shared.has(e)) meters += graph.lengthMeters[e]!;
  return meters / candidate.distanceMeters;
}
