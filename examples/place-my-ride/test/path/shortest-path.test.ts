import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RoadGraph } from "../../src/path/road-graph.js";
import { type Avoid, aStar, dijkstra, type PathResult } from "../../src/path/shortest-path.js";
import { city, nodeNear, relativeDiff } from "./helpers.js";

const avoidLists = fc.subarray<Avoid>(["tolls", "highways"]);

/** A route is a chain of real edges whose totals add up. */
function expectConsistent(graph: RoadGraph, from: number, to: number, route: PathResult) {
  expect(route.nodes[0]).toBe(from);
  expect(route.nodes.at(-1)).toBe(to);
  expect(route.edges).toHaveLength(route.nodes.length - 1);
  let meters = 0;
  let seconds = 0;
  route.edges.forEach((e, i) => {
    expect(graph.edgeSource[e]).toBe(route.nodes[i]);
    expect(graph.edgeTarget[e]).toBe(route.nodes[i + 1]);
    meters += graph.lengthMeters[e]!;
    seconds += graph.travelSeconds[e]!;
  });
  expect(relativeDiff(meters, route.distanceMeters)).toBeLessThan(1e-9);
  expect(relativeDiff(seconds, route.etaSeconds)).toBeLessThan(1e-9);
}

describe("A* against Dijkstra", () => {
  it("finds routes exactly as fast as Dijkstra's on random pairs of small seeded cities, with and without avoid", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        fc.nat(),
        avoidLists,
        (seed, a, b, avoid) => {
          const { graph } = city(seed, 30);
          const from = a % graph.nodeCount;
          const to = b % graph.nodeCount;
          const reference = dijkstra(graph, from, to, { avoid });
          const guided = aStar(graph, from, to, { avoid });
          // Same reachability; same cost (paths may differ on ties).
          expect(guided === undefined).toBe(reference === undefined);
          if (reference === undefined || guided === undefined) return;
          expect(relativeDiff(guided.etaSeconds, reference.etaSeconds)).toBeLessThan(1e-9);
          expectConsistent(graph, from, to, guided);
          expectConsistent(graph, from, to, reference);
        },
      ),
      { numRuns: 200, interruptAfterTimeLimit: 5_000 },
    );
  });

  it("agrees with Dijkstra under per-edge penalties, as alternatives search with them", () => {
    const { graph } = city(3, 30);
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 1, max: 3, noNaN: true })), {
          maxLength: 300,
        }),
        (a, b, bumps) => {
          const penalty = new Float64Array(graph.edgeCount).fill(1);
          for (const [e, factor] of bumps) penalty[e % graph.edgeCount] = factor;
          const from = a % graph.nodeCount;
          const to = b % graph.nodeCount;
          const cost = (route: PathResult | undefined) =>
            (route?.edges ?? []).reduce((s, e) => s + graph.travelSeconds[e]! * penalty[e]!, 0);
          const reference = dijkstra(graph, from, to, { penalty });
          const guided = aStar(graph, from, to, { penalty });
          expect(relativeDiff(cost(guided), cost(reference))).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 100, interruptAfterTimeLimit: 5_000 },
    );
  });
});

describe("route searches", () => {
  const { graph, airport } = city(1, 30);

  it("returns an empty, zero-cost route from a node to itself", () => {
    for (const search of [aStar, dijkstra]) {
      expect(search(graph, 5, 5)).toEqual({
        nodes: [5],
        edges: [],
        distanceMeters: 0,
        etaSeconds: 0,
      });
    }
  });

  it("returns undefined when the avoid list cuts the destination off (the toll-only airport)", () => {
    const gate = nodeNear(graph, airport);
    expect(aStar(graph, 0, gate)).toBeDefined();
    for (const avoid of [["tolls"], ["highways"]] as const) {
      expect(aStar(graph, 0, gate, { avoid })).toBeUndefined();
      expect(dijkstra(graph, 0, gate, { avoid })).toBeUndefined();
    }
  });

  it("rejects node ids outside the graph with a RangeError naming the valid range", () => {
    expect(() => aStar(graph, -1, 0)).toThrow(RangeError);
    expect(() => dijkstra(graph, 0, graph.nodeCount)).toThrow(
      `to node ${graph.nodeCount} is not in the graph (0..${graph.nodeCount - 1})`,
    );
    expect(() => aStar(graph, 0.5, 0)).toThrow(RangeError);
  });
});
