import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { metersPerDegree } from "../../src/path/geo.js";
import { buildNearestIndex } from "../../src/path/nearest.js";
import { RoadGraphBuilder } from "../../src/path/road-graph.js";
import { city } from "./helpers.js";

describe("nearest-node index", () => {
  const { graph } = city(4, 60);
  const index = buildNearestIndex(graph);
  const { minLat, maxLat, minLon, maxLon } = graph.bbox;
  const cosLat = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  // The index's plane, recomputed here so brute force and grid search measure alike.
  const squaredMeters = (v: number, lat: number, lon: number) =>
    ((graph.lat[v]! - lat) * metersPerDegree) ** 2 +
    ((graph.lon[v]! - lon) * metersPerDegree * cosLat) ** 2;

  it("finds a node as close as the brute-force nearest, inside and around the map", () => {
    const padLat = (maxLat - minLat) * 0.2;
    const padLon = (maxLon - minLon) * 0.2;
    fc.assert(
      fc.property(
        fc.double({ min: minLat - padLat, max: maxLat + padLat, noNaN: true }),
        fc.double({ min: minLon - padLon, max: maxLon + padLon, noNaN: true }),
        (lat, lon) => {
          let bruteBest = Number.POSITIVE_INFINITY;
          for (let v = 0; v < graph.nodeCount; v++) {
            bruteBest = Math.min(bruteBest, squaredMeters(v, lat, lon));
          }
          const found = index.nearest({ lat, lon });
          expect(squaredMeters(found, lat, lon)).toBe(bruteBest);
        },
      ),
      { numRuns: 200, interruptAfterTimeLimit: 5_000 },
    );
  });

  it("maps every node's own position to a node at that position", () => {
    for (let v = 0; v < graph.nodeCount; v += 97) {
      expect(
        squaredMeters(
          index.nearest({ lat: graph.lat[v]!, lon: graph.lon[v]! }),
          graph.lat[v]!,
          graph.lon[v]!,
        ),
      ).toBe(0);
    }
  });

  it("calls a point out of area beyond the bbox plus the margin, or when not a number", () => {
    const margin = 500 / metersPerDegree; // 500 m in latitude degrees
    expect(index.marginMeters).toBe(500);
    expect(index.isOutside({ lat: minLat, lon: minLon })).toBe(false);
    expect(index.isOutside({ lat: maxLat + margin * 0.9, lon: maxLon })).toBe(false);
    expect(index.isOutside({ lat: maxLat + margin * 1.1, lon: maxLon })).toBe(true);
    expect(index.isOutside({ lat: minLat - margin * 1.1, lon: minLon })).toBe(true);
    expect(index.isOutside({ lat: 12.5, lon: 3.1 })).toBe(true);
    expect(index.isOutside({ lat: Number.NaN, lon: minLon })).toBe(true);
    expect(index.isOutside({ lat: minLat, lon: Number.POSITIVE_INFINITY })).toBe(true);
  });

  it("answers -1 on an empty graph, where every point is out of area", () => {
    const empty = buildNearestIndex(new RoadGraphBuilder().build());
    expect(empty.nearest({ lat: 0, lon: 0 })).toBe(-1);
    expect(empty.isOutside({ lat: 0, lon: 0 })).toBe(true);
  });
});
