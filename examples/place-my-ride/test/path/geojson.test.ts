import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { haversineMeters } from "../../src/path/geo.js";
import { loadGeoJson } from "../../src/path/geojson.js";
import { EdgeFlag, RoadClass, type RoadGraph } from "../../src/path/road-graph.js";
import { aStar } from "../../src/path/shortest-path.js";

const fixture = readFileSync(new URL("fixtures/tiny-city.geojson", import.meta.url), "utf8");

/** The fixture's intersections, [lon, lat] as in the file. */
const at = {
  A: [2.35, 48.85],
  B: [2.351, 48.85],
  C: [2.352, 48.85],
  D: [2.351, 48.851],
  E: [2.352, 48.851],
  F: [2.353, 48.85],
} as const;
type Name = keyof typeof at;

function node(graph: RoadGraph, name: Name): number {
  const [lon, lat] = at[name];
  for (let v = 0; v < graph.nodeCount; v++) {
    if (graph.lat[v] === lat && graph.lon[v] === lon) return v;
  }
  throw new Error(`no node at ${name}`);
}

/** The edges from one named intersection to another. */
function edges(graph: RoadGraph, from: Name, to: Name): number[] {
  const [f, t] = [node(graph, from), node(graph, to)];
  const found: number[] = [];
  for (let e = graph.firstEdge[f]!; e < graph.firstEdge[f + 1]!; e++) {
    if (graph.edgeTarget[e] === t) found.push(e);
  }
  return found;
}

const straight = (a: Name, b: Name) => haversineMeters(at[a][1], at[a][0], at[b][1], at[b][0]);

describe("loadGeoJson", () => {
  const { graph, roads, skipped } = loadGeoJson(fixture);

  it("makes a node per intersection and an edge per drivable direction, skipping the rest", () => {
    expect(graph.nodeCount).toBe(6); // inner vertices of a way are not intersections
    expect(graph.edgeCount).toBe(13);
    expect(roads).toBe(7);
    expect(skipped).toBe(2); // the footway and the café
  });

  it("respects one-way streets, including reversed ones and implied motorway direction", () => {
    expect(edges(graph, "B", "D")).toHaveLength(1); // oneway=yes
    expect(edges(graph, "D", "B")).toHaveLength(0);
    expect(edges(graph, "D", "E")).toHaveLength(1); // oneway=-1 drawn E to D
    expect(edges(graph, "E", "D")).toHaveLength(0);
    expect(edges(graph, "C", "F")).toHaveLength(2); // the motorway and the secondary road
    expect(edges(graph, "F", "C")).toHaveLength(1); // only the secondary road comes back
    // So D to B cannot take the one-way street back; it goes round by the 70 km/h avenue.
    const route = aStar(graph, node(graph, "D"), node(graph, "B"))!;
    expect(route.nodes).toEqual((["D", "E", "C", "B"] as const).map((name) => node(graph, name)));
  });

  it("reads road classes, toll and maxspeed, with lengths along the line", () => {
    const [motorway] = edges(graph, "C", "F").filter(
      (e) => graph.roadClass[e] === RoadClass.Highway,
    );
    expect(graph.flags[motorway!]).toBe(EdgeFlag.Toll | EdgeFlag.Highway);
    const [avenue] = edges(graph, "C", "E");
    expect(graph.roadClass[avenue!]).toBe(RoadClass.Arterial);
    expect(graph.travelSeconds[avenue!]).toBeCloseTo(straight("C", "E") / (70 / 3.6), 9);
    const [back] = edges(graph, "F", "C");
    expect(graph.lengthMeters[back!]).toBeGreaterThan(straight("F", "C") * 1.3); // via (2.3525, 48.8495)
    expect(graph.travelSeconds[back!]).toBeCloseTo(
      graph.lengthMeters[back!]! / ((30 * 1.609344) / 3.6),
      9,
    );
    const [living] = edges(graph, "D", "A"); // maxspeed=walk: the class default applies
    expect(graph.travelSeconds[living!]).toBeCloseTo(graph.lengthMeters[living!]! / (30 / 3.6), 9);
    const [bent] = edges(graph, "A", "B");
    expect(graph.lengthMeters[bent!]).toBeGreaterThan(straight("A", "B"));
  });

  it("routes round the toll motorway when asked to avoid tolls", () => {
    const [a, f] = [node(graph, "A"), node(graph, "F")];
    const fastest = aStar(graph, a, f)!;
    const free = aStar(graph, a, f, { avoid: ["tolls"] })!;
    expect(fastest.edges.some((e) => graph.flags[e] !== 0)).toBe(true);
    expect(free.edges.every((e) => graph.flags[e] === 0)).toBe(true);
    expect(free.etaSeconds).toBeGreaterThan(fastest.etaSeconds);
  });

  it("can keep only the largest strongly connected part", () => {
    const { graph: core } = loadGeoJson(fixture, { largestComponentOnly: true });
    expect(core.nodeCount).toBe(6); // every fixture intersection can reach every other
  });

  it("says what is wrong with input that is not a FeatureCollection of lines", () => {
    expect(() => loadGeoJson("[]")).toThrow("expected a FeatureCollection");
    expect(() => loadGeoJson("{")).toThrow(SyntaxError);
    const oneVertex = JSON.stringify({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { highway: "primary" },
          geometry: { type: "LineString", coordinates: [[2, 48]] },
        },
      ],
    });
    expect(() => loadGeoJson(oneVertex)).toThrow(
      "feature 0 has a line that is not at least two [lon, lat] positions",
    );
  });

  it("skips ways whose highway tag is not a drivable class, even an Object.prototype name", () => {
    const ways = ["constructor", "toString", "cycleway"].map((highway) => ({
      type: "Feature",
      properties: { highway },
      geometry: {
        type: "LineString",
        coordinates: [
          [2, 48],
          [2.001, 48],
        ],
      },
    }));
    const loaded = loadGeoJson(JSON.stringify({ type: "FeatureCollection", features: ways }));
    expect(loaded.skipped).toBe(3);
    expect(loaded.graph.nodeCount).toBe(0);
  });
});
