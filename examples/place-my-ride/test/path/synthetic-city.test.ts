import { describe, expect, it } from "vitest";
import { largestStronglyConnected } from "../../src/path/components.js";
import { haversineMeters } from "../../src/path/geo.js";
import { EdgeFlag, RoadClass } from "../../src/path/road-graph.js";
import { buildSyntheticCity } from "../../src/path/synthetic-city.js";
import { hashGraph } from "./helpers.js";

describe("synthetic city", () => {
  it("is the same graph, byte for byte, for the same seed, and another for another seed", () => {
    const a = buildSyntheticCity({ seed: 42, size: 50 });
    const b = buildSyntheticCity({ seed: 42, size: 50 });
    const c = buildSyntheticCity({ seed: 43, size: 50 });
    expect(hashGraph(a.graph)).toBe(hashGraph(b.graph));
    expect(a.airport).toEqual(b.airport);
    expect(hashGraph(c.graph)).not.toBe(hashGraph(a.graph));
  });

  describe("at full size", () => {
    const { graph, centre, airport } = buildSyntheticCity({ seed: 2024 });

    it("has tens of thousands of intersections and a hundred thousand road edges", () => {
      expect(graph.nodeCount).toBeGreaterThan(30_000);
      expect(graph.nodeCount).toBeLessThanOrEqual(40_200);
      expect(graph.edgeCount).toBeGreaterThan(100_000);
      expect(graph.firstEdge).toHaveLength(graph.nodeCount + 1);
      expect(graph.firstEdge[graph.nodeCount]).toBe(graph.edgeCount);
    });

    it("has every road class, toll edges, and one-way streets", () => {
      const perClass = [0, 0, 0];
      let tolls = 0;
      let misflagged = 0;
      for (let e = 0; e < graph.edgeCount; e++) {
        perClass[graph.roadClass[e]!]!++;
        if ((graph.flags[e]! & EdgeFlag.Toll) !== 0) tolls++;
        // The highway flag is exactly the highway class.
        const flagged = (graph.flags[e]! & EdgeFlag.Highway) !== 0;
        if (flagged !== (graph.roadClass[e] === RoadClass.Highway)) misflagged++;
      }
      expect(perClass.every((n) => n > 0)).toBe(true);
      expect(tolls).toBeGreaterThan(0);
      expect(misflagged).toBe(0);
      const pairs = new Set<string>();
      for (let e = 0; e < graph.edgeCount; e++)
        pairs.add(`${graph.edgeSource[e]}>${graph.edgeTarget[e]}`);
      let oneWay = 0;
      for (let e = 0; e < graph.edgeCount; e++) {
        if (!pairs.has(`${graph.edgeTarget[e]}>${graph.edgeSource[e]}`)) oneWay++;
      }
      // About 30% of residential streets are one-way.
      expect(oneWay / graph.edgeCount).toBeGreaterThan(0.1);
      expect(oneWay / graph.edgeCount).toBeLessThan(0.4);
    });

    it("lets every intersection reach every other (one strongly connected component)", () => {
      expect(largestStronglyConnected(graph).every((kept) => kept === 1)).toBe(true);
    });

    it("lies around its centre, inside its bbox, with edges no shorter than the straight line", () => {
      expect(centre).toEqual({ lat: 48.8566, lon: 2.3522 });
      let farthest = 0;
      for (let v = 0; v < graph.nodeCount; v++) {
        const meters = haversineMeters(graph.lat[v]!, graph.lon[v]!, centre.lat, centre.lon);
        farthest = Math.max(farthest, meters);
      }
      // 200 blocks of 85 m: about 17 km across, plus the airport beyond the edge.
      expect(farthest).toBeGreaterThan(8_000);
      expect(farthest).toBeLessThan(20_000);
      const { minLat, maxLat, minLon, maxLon } = graph.bbox;
      expect(airport.lat).toBeGreaterThanOrEqual(minLat);
      expect(airport.lat).toBeLessThanOrEqual(maxLat);
      expect(airport.lon).toBeGreaterThanOrEqual(minLon);
      expect(airport.lon).toBeLessThanOrEqual(maxLon);
      let bad = 0;
      for (let e = 0; e < graph.edgeCount; e++) {
        const s = graph.edgeSource[e]!;
        const t = graph.edgeTarget[e]!;
        const straight = haversineMeters(
          graph.lat[s]!,
          graph.lon[s]!,
          graph.lat[t]!,
          graph.lon[t]!,
        );
        if (!(graph.lengthMeters[e]! >= straight && graph.travelSeconds[e]! > 0)) bad++;
      }
      expect(bad).toBe(0);
    });
  });

  it("builds small cities too, for tests", () => {
    const { graph } = buildSyntheticCity({ seed: 1, size: 12 });
    expect(graph.nodeCount).toBeGreaterThan(100);
    expect(largestStronglyConnected(graph).every((kept) => kept === 1)).toBe(true);
  });
});
