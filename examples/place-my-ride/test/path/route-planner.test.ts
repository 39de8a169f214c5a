import { RpcError } from "@rpcgen/runtime";
import { describe, expect, it } from "vitest";
import { formatBBox, haversineMeters } from "../../src/path/geo.js";
import { buildNearestIndex } from "../../src/path/nearest.js";
import { planAlternatives, planRoute } from "../../src/path/route-planner.js";
import { aStar } from "../../src/path/shortest-path.js";
import { city } from "./helpers.js";

/** Runs `f` and returns the RpcError it throws. */
function rpcErrorOf(f: () => unknown): RpcError {
  try {
    f();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error("expected an RpcError, nothing was thrown");
}

describe("route planner", () => {
  const { graph, centre, airport } = city(2024, 200);
  const index = buildNearestIndex(graph);
  const east = { lat: centre.lat + 0.02, lon: centre.lon + 0.05 };

  it("plans the A* route between the intersections nearest to the two points", () => {
    const route = planRoute(graph, index, { from: centre, to: east });
    const from = index.nearest(centre);
    const to = index.nearest(east);
    const expected = aStar(graph, from, to)!;
    expect(route.etaSeconds).toBe(expected.etaSeconds);
    expect(route.distanceMeters).toBe(expected.distanceMeters);
    expect(route.path).toHaveLength(expected.nodes.length);
    expect(route.path[0]).toEqual({ lat: graph.lat[from], lon: graph.lon[from] });
    // The route starts and ends within a block of the asked-for points.
    expect(
      haversineMeters(centre.lat, centre.lon, route.path[0]!.lat, route.path[0]!.lon),
    ).toBeLessThan(100);
    const last = route.path.at(-1)!;
    expect(haversineMeters(east.lat, east.lon, last.lat, last.lon)).toBeLessThan(100);
    expect(route.distanceMeters).toBeGreaterThan(
      haversineMeters(centre.lat, centre.lon, east.lat, east.lon) - 200,
    );
  });

  it("answers a trip to the same point with an empty, zero-length route", () => {
    const route = planRoute(graph, index, { from: centre, to: centre });
    expect(route.distanceMeters).toBe(0);
    expect(route.etaSeconds).toBe(0);
    expect(route.path).toHaveLength(1);
  });

  it("refuses a point outside the map area with out_of_range and a message naming it", () => {
    const error = rpcErrorOf(() =>
      planRoute(graph, index, { from: { lat: 12.5, lon: 3.1 }, to: east }),
    );
    expect(error.code).toBe("out_of_range");
    expect(error.message).toMatch(
      /^from \(12\.5, 3\.1\) is outside the map area \(48\.\d\d\.\.48\.\d\d, 2\.\d\d\.\.2\.\d\d\)$/,
    );
    const { bbox } = graph;
    expect(error.details).toEqual({ field: "from", area: bbox });
    const north = { lat: 49.2, lon: 2.35 };
    const far = rpcErrorOf(() => planRoute(graph, index, { from: centre, to: north }));
    expect(far.code).toBe("out_of_range");
    expect(far.message).toBe(`to (49.2, 2.35) is outside the map area ${formatBBox(bbox)}`);
    const nan = rpcErrorOf(() =>
      planRoute(graph, index, { from: { lat: Number.NaN, lon: 2.35 }, to: centre }),
    );
    expect(nan.message).toMatch(/^from \(NaN, 2\.35\) is outside the map area/);
  });

  it("still serves a point just outside the outermost streets, within the margin", () => {
    const edge = { lat: graph.bbox.maxLat + 0.001, lon: centre.lon }; // ~110 m north
    expect(planRoute(graph, index, { from: edge, to: centre }).etaSeconds).toBeGreaterThan(0);
  });

  it("answers not_found for the toll-only airport when avoiding highways, saying avoid is why", () => {
    expect(planRoute(graph, index, { from: centre, to: airport }).etaSeconds).toBeGreaterThan(0);
    const error = rpcErrorOf(() =>
      planRoute(graph, index, { from: centre, to: airport, avoid: ["highways"] }),
    );
    expect(error.code).toBe("not_found");
    expect(error.message).toBe(
      `no route from (${centre.lat}, ${centre.lon}) to (${airport.lat}, ${airport.lon}) avoids highways: every way there uses them`,
    );
    const both = rpcErrorOf(() =>
      planRoute(graph, index, { from: airport, to: centre, avoid: ["tolls", "highways", "tolls"] }),
    );
    expect(both.message).toMatch(/avoids tolls and highways: every way there uses them$/);
  });

  it("streams alternatives: the planned route first, then others", () => {
    const routes = [...planAlternatives(graph, index, { from: centre, to: east }, { count: 3 })];
    expect(routes[0]).toEqual(planRoute(graph, index, { from: centre, to: east }));
    expect(routes.length).toBeGreaterThan(1);
    expect(routes.length).toBeLessThanOrEqual(3);
  });

  it("raises the same errors from alternatives on the first route asked for", () => {
    const outside = planAlternatives(graph, index, { from: centre, to: { lat: 0, lon: 0 } });
    expect(rpcErrorOf(() => outside.next()).code).toBe("out_of_range");
    const island = planAlternatives(graph, index, { from: centre, to: airport, avoid: ["tolls"] });
    expect(rpcErrorOf(() => island.next()).code).toBe("not_found");
  });

  it("refuses an index built for another graph", () => {
    const other = buildNearestIndex(city(1, 30).graph);
    expect(() => planRoute(graph, other, { from: centre, to: east })).toThrow("another graph");
  });
});
