import fc from "fast-check";
import { DirectedGraph } from "graphology";
import { bidirectional } from "graphology-shortest-path/dijkstra.js";
import type { Attributes } from "graphology-types";
import { describe, expect, it } from "vitest";
import type { RoadGraph } from "../../src/path/road-graph.js";
import { type Avoid, aStar, avoidMask, dijkstra } from "../../src/path/shortest-path.js";
import { city, relativeDiff } from "./helpers.js";

/**
 * The same roads as a graphology graph, weighted by travel time. graphology keeps one edge per
 * ordered pair, so parallel roads collapse to the fastest, which is all a shortest path can use.
 */
type Reference = DirectedGraph<Attributes, { weight: number }>;

function toGraphology(graph: RoadGraph, avoid: readonly Avoid[]): Reference {
  const mask = avoidMask(avoid);
  const g: Reference = new DirectedGraph();
  for (let v = 0; v < graph.nodeCount; v++) g.addNode(String(v));
  for (let e = 0; e < graph.edgeCount; e++) {
    if ((graph.flags[e]! & mask) !== 0) continue;
    const from = String(graph.edgeSource[e]);
    const to = String(graph.edgeTarget[e]);
    const weight = graph.travelSeconds[e]!;
    if (!g.hasEdge(from, to)) g.addEdge(from, to, { weight });
    else if (weight < g.getEdgeAttribute(from, to, "weight")) {
      g.setEdgeAttribute(from, to, "weight", weight);
    }
  }
  return g;
}

/** Travel time along a node path in the graphology graph; undefined for "no path". */
function pathSeconds(g: Reference, path: readonly string[] | null): number | undefined {
  if (path === null) return undefined;
  let seconds = 0;
  for (let i = 1; i < path.length; i++) {
    seconds += g.getEdgeAttribute(path[i - 1], path[i], "weight");
  }
  return seconds;
}

describe("agreement with graphology-shortest-path", () => {
  const { graph } = city(11, 40);
  for (const avoid of [[], ["tolls"], ["highways"]] satisfies Avoid[][]) {
    const label = avoid.length === 0 ? "without avoid" : `avoiding ${avoid.join()}`;
    const reference = toGraphology(graph, avoid);

    it(`finds the same travel times as bidirectional Dijkstra on random pairs, ${label}`, () => {
      fc.assert(
        fc.property(fc.nat(), fc.nat(), (a, b) => {
          const from = a % graph.nodeCount;
          const to = b % graph.nodeCount;
          // The typings promise a path, the code returns null when there is none.
          const theirs = pathSeconds(
            reference,
            bidirectional(reference, String(from), String(to), "weight") as string[] | null,
          );
          const ours = aStar(graph, from, to, { avoid });
          expect(ours?.etaSeconds === undefined).toBe(theirs === undefined);
          if (ours !== undefined && theirs !== undefined) {
            expect(relativeDiff(ours.etaSeconds, theirs)).toBeLessThan(1e-9);
            expect(
              relativeDiff(dijkstra(graph, from, to, { avoid })!.etaSeconds, theirs),
            ).toBeLessThan(1e-9);
          }
        }),
        { numRuns: 100, interruptAfterTimeLimit: 5_000 },
      );
    });
  }
});
