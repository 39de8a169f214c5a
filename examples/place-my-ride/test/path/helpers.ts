import { createHash } from "node:crypto";
import type { RoadGraph } from "../../src/path/road-graph.js";
import { buildSyntheticCity, type SyntheticCity } from "../../src/path/synthetic-city.js";

const cities = new Map<string, SyntheticCity>();

/** A synthetic city, built once per test file for each (seed, size). */
export function city(seed: number, size: number): SyntheticCity {
  const key = `${seed}/${size}`;
  let built = cities.get(key);
  if (built === undefined) {
    built = buildSyntheticCity({ seed, size });
    cities.set(key, built);
  }
  return built;
}

/** SHA-256 over every array of the graph: equal hashes mean byte-identical graphs. */
export function hashGraph(graph: RoadGraph): string {
  const hash = createHash("sha256");
  for (const array of [
    graph.lat,
    graph.lon,
    graph.firstEdge,
    graph.edgeSource,
    graph.edgeTarget,
    graph.lengthMeters,
    graph.travelSeconds,
    graph.roadClass,
    graph.flags,
  ]) {
    hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  return hash.digest("hex");
}

/** Relative difference, safe at zero. */
export function relativeDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

/** The node closest to a point, by brute force (in degrees: fine for picking a landmark). */
export function nodeNear(graph: RoadGraph, point: { lat: number; lon: number }): number {
  let best = -1;
  let bestSq = Number.POSITIVE_INFINITY;
  for (let v = 0; v < graph.nodeCount; v++) {
    const sq = (graph.lat[v]! - point.lat) ** 2 + (graph.lon[v]! - point.lon) ** 2;
    if (sq < bestSq) [best, bestSq] = [v, sq];
  }
  return best;
}
