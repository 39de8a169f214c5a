import { type BBox, bboxOf, haversineMeters } from "./geo.js";

/** Road classes, slowest first; stored as one byte per edge. */
export const RoadClass = { Residential: 0, Arterial: 1, Highway: 2 } as const;
export type RoadClass = (typeof RoadClass)[keyof typeof RoadClass];

/** Class names as they appear in logs and tests, indexed by {@link RoadClass}. */
export const roadClassNames = ["residential", "arterial", "highway"] as const;

/** Speed (km/h) of a class when the data gives none: urban limits and a motorway. */
export const defaultSpeedKmh: Readonly<Record<RoadClass, number>> = { 0: 30, 1: 50, 2: 110 };

/** Per-edge bit flags; a search skips edges whose flags meet its avoid mask. */
export const EdgeFlag = { Toll: 1, Highway: 2 } as const;

/**
 * A directed road graph in compressed sparse row form: the out-edges of node `n` are edges
 * `firstEdge[n]` to `firstEdge[n + 1] - 1`. Typed arrays keep a 40k-node city at a few MB and
 * make a search touch contiguous memory instead of chasing objects. A two-way street is two
 * edges; a one-way street is one.
 */
export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** `nodeCount + 1` offsets into the edge arrays. */
  readonly firstEdge: Uint32Array;
  readonly edgeSource: Uint32Array;
  readonly edgeTarget: Uint32Array;
  /** Length along the road, never less than the straight line between the two ends. */
  readonly lengthMeters: Float64Array;
  /** Time to drive the edge at its speed: the weight routes are optimized on. */
  readonly travelSeconds: Float64Array;
  /** A {@link RoadClass} per edge. */
  readonly roadClass: Uint8Array;
  /** {@link EdgeFlag} bits per edge. */
  readonly flags: Uint8Array;
  readonly bbox: BBox;
  /**
   * Top speed (m/s) over the edges a search may use, indexed by avoid mask (0..3). A* divides
   * straight-line distance by it; a lower top speed when highways are avoided gives a tighter,
   * still admissible, estimate.
   */
  readonly maxSpeedMps: Float64Array;
}

/** What an edge is; length defaults to the straight line, speed to the class default. */
export interface EdgeSpec {
  readonly roadClass: RoadClass;
  readonly toll?: boolean;
  readonly speedKmh?: number;
  readonly lengthMeters?: number;
  /** Without `lengthMeters`: the length is the straight line times this (>= 1). */
  readonly detour?: number;
}

/** Which way traffic may go along a road drawn from `a` to `b`. */
export type Direction = "both" | "forward" | "backward";

/** Collects nodes and edges in any order, then lays them out as a {@link RoadGraph}. */
export class RoadGraphBuilder {
  readonly #lat: number[] = [];
  readonly #lon: number[] = [];
  readonly #from: number[] = [];
  readonly #to: number[] = [];
  readonly #length: number[] = [];
  readonly #seconds: number[] = [];
  readonly #class: RoadClass[] = [];
  readonly #flags: number[] = [];

  get nodeCount(): number {
    return this.#lat.length;
  }

  addNode(lat: number, lon: number): number {
    this.#lat.push(lat);
    this.#lon.push(lon);
    return this.#lat.length - 1;
  }

  /** Adds one directed edge; a self-loop is dropped since no shortest path can use it. */
  addEdge(from: number, to: number, spec: EdgeSpec): void {
    if (from === to) return;
    const straight = haversineMeters(
      this.#lat[from]!,
      this.#lon[from]!,
      this.#lat[to]!,
      this.#lon[to]!,
    );
    // Clamping to the straight line is what keeps the A* heuristic admissible on any input.
    const length = Math.max(spec.lengthMeters ?? straight * (spec.detour ?? 1), straight);
    const speedKmh = spec.speedKmh ?? defaultSpeedKmh[spec.roadClass];
    this.#from.push(from);
    this.#to.push(to);
    this.#length.push(length);
    this.#seconds.push(length / (speedKmh / 3.6));
    this.#class.push(spec.roadClass);
    this.#flags.push(
      (spec.toll === true ? EdgeFlag.Toll : 0) |
        (spec.roadClass === RoadClass.Highway ? EdgeFlag.Highway : 0),
    );
  }

  /** Adds a road between `a` and `b`: two edges, or one for a one-way street. */
  addRoad(a: number, b: number, spec: EdgeSpec, direction: Direction = "both"): void {
    if (direction !== "backward") this.addEdge(a, b, spec);
    if (direction !== "forward") this.addEdge(b, a, spec);
  }

  build(): RoadGraph {
    const n = this.#lat.length;
    const m = this.#from.length;
    // Counting sort by source; stable, so edges keep their insertion order within a node.
    const firstEdge = new Uint32Array(n + 1);
    for (const from of this.#from) firstEdge[from + 1]!++;
    for (let i = 0; i < n; i++) firstEdge[i + 1]! += firstEdge[i]!;
    const cursor = firstEdge.slice(0, n);
    const order = new Uint32Array(m);
    for (let e = 0; e < m; e++) order[cursor[this.#from[e]!]!++] = e;
    const pick = <T extends Float64Array | Uint32Array | Uint8Array>(out: T, src: number[]) => {
      for (let i = 0; i < m; i++) out[i] = src[order[i]!]!;
      return out;
    };
    return finishGraph({
      lat: Float64Array.from(this.#lat),
      lon: Float64Array.from(this.#lon),
      firstEdge,
      edgeSource: pick(new Uint32Array(m), this.#from),
      edgeTarget: pick(new Uint32Array(m), this.#to),
      lengthMeters: pick(new Float64Array(m), this.#length),
      travelSeconds: pick(new Float64Array(m), this.#seconds),
      roadClass: pick(new Uint8Array(m), this.#class),
      flags: pick(new Uint8Array(m), this.#flags),
    });
  }
}

type GraphArrays = Omit<RoadGraph, "nodeCount" | "edgeCount" | "bbox" | "maxSpeedMps">;

/** Derives the summary fields (counts, bbox, top speeds) from the arrays. */
function finishGraph(arrays: GraphArrays): RoadGraph {
  const maxSpeedMps = new Float64Array(4);
  for (let e = 0; e < arrays.travelSeconds.length; e++) {
    const seconds = arrays.travelSeconds[e]!;
    const speed = seconds > 0 ? arrays.lengthMeters[e]! / seconds : 0;
    const flags = arrays.flags[e]!;
    for (let mask = 0; mask < 4; mask++) {
      if ((flags & mask) === 0 && speed > maxSpeedMps[mask]!) maxSpeedMps[mask] = speed;
    }
  }
  return {
    ...arrays,
    nodeCount: arrays.lat.length,
    edgeCount: arrays.edgeTarget.length,
    bbox: bboxOf(arrays.lat, arrays.lon),
    maxSpeedMps,
  };
}

/**
 * The graph restricted to the nodes with `keep[n] === 1`, renumbered in their old order, with
 * the edges between kept nodes. Used to drop the few intersections a random one-way pattern
 * cuts off.
 */
export function subgraph(graph: RoadGraph, keep: Uint8Array): RoadGraph {
  const newId = new Int32Array(graph.nodeCount).fill(-1);
  let nodes = 0;
  for (let v = 0; v < graph.nodeCount; v++) if (keep[v] === 1) newId[v] = nodes++;
  const lat = new Float64Array(nodes);
  const lon = new Float64Array(nodes);
  const firstEdge = new Uint32Array(nodes + 1);
  const kept: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) {
    const id = newId[v]!;
    if (id < 0) continue;
    lat[id] = graph.lat[v]!;
    lon[id] = graph.lon[v]!;
    for (let e = graph.firstEdge[v]!; e < graph.firstEdge[v + 1]!; e++) {
      if (newId[graph.edgeTarget[e]!]! >= 0) kept.push(e);
    }
    firstEdge[id + 1] = kept.length;
  }
  const m = kept.length;
  const edgeSource = new Uint32Array(m);
  const edgeTarget = new Uint32Array(m);
  const lengthMeters = new Float64Array(m);
  const travelSeconds = new Float64Array(m);
  const roadClass = new Uint8Array(m);
  const flags = new Uint8Array(m);
  kept.forEach((e, i) => {
    edgeSource[i] = newId[graph.edgeSource[e]!]!;
    edgeTarget[i] = newId[graph.edgeTarget[e]!]!;
    lengthMeters[i] = graph.lengthMeters[e]!;
    travelSeconds[i] = graph.travelSeconds[e]!;
    roadClass[i] = graph.roadClass[e]!;
    flags[i] = graph.flags[e]!;
  });
  return finishGraph({
    lat,
    lon,
    firstEdge,
    edgeSource,
    edgeTarget,
    lengthMeters,
    travelSeconds,
    roadClass,
    flags,
  });
}
