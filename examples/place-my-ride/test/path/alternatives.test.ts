import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alternatives, aStar, overlap } from "../../src/path/shortest-path.js";
import { city, nodeNear } from "./helpers.js";

describe("alternatives", () => {
  const { graph } = city(2, 60);

  it("yields the fastest route first, then distinct routes no more than 1.5x slower", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4 }), (a, b, count) => {
        const from = a % graph.nodeCount;
        const to = b % graph.nodeCount;
        const routes = [...alternatives(graph, from, to, { count })];
        const best = aStar(graph, from, to)!;
        expect(routes[0]).toEqual(best);
        expect(routes.length).toBeLessThanOrEqual(count);
        for (const [i, route] of routes.entries()) {
          expect(route.nodes[0]).toBe(from);
          expect(route.nodes.at(-1)).toBe(to);
          expect(route.etaSeconds).toBeLessThanOrEqual(best.etaSeconds * 1.5);
          for (const earlier of routes.slice(0, i)) {
            expect(overlap(graph, route, earlier)).toBeLessThanOrEqual(0.8);
          }
        }
      }),
      { numRuns: 60, interruptAfterTimeLimit: 5_000 },
    );
  });

  it("finds several genuinely different routes across town", () => {
    const from = 0;
    const to = graph.nodeCount - 200;
    const routes = [...alternatives(graph, from, to, { count: 3 })];
    expect(routes).toHaveLength(3);
    expect(new Set(routes.map((r) => r.edges.join())).size).toBe(3);
  });

  it("yields nothing for an unreachable destination and for count 0", () => {
    const { graph: small, airport } = city(1, 30);
    const gate = nodeNear(small, airport);
    expect([...alternatives(small, 0, gate, { avoid: ["highways"] })]).toEqual([]);
    expect([...alternatives(small, 0, gate, { count: 0 })]).toEqual([]);
  });

  it("yields the single empty route for a trip to the same node", () => {
    expect([...alternatives(graph, 7, 7, { count: 3 })]).toEqual([
      { nodes: [7], edges: [], distanceMeters: 0, etaSeconds: 0 },
    ]);
  });
});
