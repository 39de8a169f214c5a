import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EdgeFlag, type RoadGraph } from "../../src/path/road-graph.js";
import {
  type Avoid,
  alternatives,
  aStar,
  avoidMask,
  type PathResult,
} from "../../src/path/shortest-path.js";
import { city } from "./helpers.js";

const usesAny = (graph: RoadGraph, route: PathResult, flag: number) =>
  route.edges.some((e) => (graph.flags[e]! & flag) !== 0);

/** The first pair, scanning a fixed sequence, whose fastest route passes `test`. */
function findPair(
  graph: RoadGraph,
  test: (best: PathResult, from: number, to: number) => boolean,
): [number, number] {
  for (let k = 1; k < 5_000; k++) {
    // A fixed stride through the node ids: deterministic, spread over the whole city.
    const from = (k * 7919) % graph.nodeCount;
    const to = (k * 104_729 + (graph.nodeCount >> 1)) % graph.nodeCount;
    const best = aStar(graph, from, to);
    if (best !== undefined && test(best, from, to)) return [from, to];
  }
  throw new Error("no pair in the scan has such a fastest route");
}

/** A pair whose fastest route uses `flag` edges yet which stays reachable avoiding `avoid`. */
function pairUsing(graph: RoadGraph, flag: number, avoid: Avoid): [number, number] {
  return findPair(
    graph,
    (best, from, to) =>
      usesAny(graph, best, flag) && aStar(graph, from, to, { avoid: [avoid] }) !== undefined,
  );
}

describe("avoid", () => {
  const { graph } = city(5, 60);

  it("never returns a toll edge when tolls are avoided, nor a highway edge when highways are", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.subarray<Avoid>(["tolls", "highways"]), (a, b, avoid) => {
        const mask = avoidMask(avoid);
        const route = aStar(graph, a % graph.nodeCount, b % graph.nodeCount, { avoid });
        if (route !== undefined) expect(usesAny(graph, route, mask)).toBe(false);
        for (const alternative of alternatives(graph, a % graph.nodeCount, b % graph.nodeCount, {
          avoid,
          count: 2,
        })) {
          expect(usesAny(graph, alternative, mask)).toBe(false);
        }
      }),
      { numRuns: 100, interruptAfterTimeLimit: 5_000 },
    );
  });

  it("takes another, no faster route when the fastest one uses the highway", () => {
    const [from, to] = pairUsing(graph, EdgeFlag.Highway, "highways");
    const best = aStar(graph, from, to)!;
    const avoiding = aStar(graph, from, to, { avoid: ["highways"] })!;
    expect(usesAny(graph, best, EdgeFlag.Highway)).toBe(true);
    expect(usesAny(graph, avoiding, EdgeFlag.Highway)).toBe(false);
    expect(avoiding.edges).not.toEqual(best.edges);
    expect(avoiding.etaSeconds).toBeGreaterThanOrEqual(best.etaSeconds);
  });

  it("takes another, no faster route when the fastest one uses a toll road", () => {
    const [from, to] = pairUsing(graph, EdgeFlag.Toll, "tolls");
    const best = aStar(graph, from, to)!;
    const avoiding = aStar(graph, from, to, { avoid: ["tolls"] })!;
    expect(usesAny(graph, avoiding, EdgeFlag.Toll)).toBe(false);
    expect(avoiding.edges).not.toEqual(best.edges);
    expect(avoiding.etaSeconds).toBeGreaterThanOrEqual(best.etaSeconds);
  });

  it("keeps the free ring motorway when only tolls are avoided", () => {
    const [from, to] = findPair(
      graph,
      (best) => usesAny(graph, best, EdgeFlag.Highway) && !usesAny(graph, best, EdgeFlag.Toll),
    );
    const best = aStar(graph, from, to)!;
    const route = aStar(graph, from, to, { avoid: ["tolls"] })!;
    expect(route.etaSeconds).toBe(best.etaSeconds);
    expect(usesAny(graph, route, EdgeFlag.Highway)).toBe(true);
  });
});
