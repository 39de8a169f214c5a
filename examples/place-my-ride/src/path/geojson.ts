import { restrictToLargestComponent } from "./components.js";
import { haversineMeters } from "./geo.js";
import { type Direction, RoadClass, type RoadGraph, RoadGraphBuilder } from "./road-graph.js";

/**
 * OSM `highway` values a car can drive, by class. Anything else (footway, cycleway, steps,
 * construction, ...) is left out of the graph.
 */
const classOfHighway: ReadonlyMap<string, RoadClass> = new Map(
  Object.entries({
    motorway: RoadClass.Highway,
    motorway_link: RoadClass.Highway,
    trunk: RoadClass.Highway,
    trunk_link: RoadClass.Highway,
    primary: RoadClass.Arterial,
    primary_link: RoadClass.Arterial,
    secondary: RoadClass.Arterial,
    secondary_link: RoadClass.Arterial,
    tertiary: RoadClass.Arterial,
    tertiary_link: RoadClass.Arterial,
    residential: RoadClass.Residential,
    unclassified: RoadClass.Residential,
    living_street: RoadClass.Residential,
    service: RoadClass.Residential,
    road: RoadClass.Residential,
  }),
);

export interface GeoJsonOptions {
  /**
   * Keep only the largest strongly connected part, so a point never snaps onto a fragment
   * (a parking aisle cut off at the extract's edge) from which nothing is reachable.
   */
  readonly largestComponentOnly?: boolean;
}

/** What the loader read, besides the graph, for a start-up log line. */
export interface GeoJsonGraph {
  readonly graph: RoadGraph;
  readonly roads: number;
  readonly skipped: number;
}

type Position = readonly [lon: number, lat: number];

/**
 * Builds a road graph from an OpenStreetMap-derived GeoJSON FeatureCollection (the output of
 * osmtogeojson or Overpass turbo). Each LineString (or MultiLineString) with a drivable
 * `highway` becomes edges between its intersections: its ends and every vertex another way
 * shares. Inner vertices only add to the length, which keeps the graph small. Honours
 * `oneway` (yes/true/1, -1/reverse, implied on motorways and roundabouts), `toll` and
 * `maxspeed` (km/h or "N mph"). Throws an `Error` saying what is wrong with malformed input.
 */
export function loadGeoJson(text: string, options: GeoJsonOptions = {}): GeoJsonGraph {
  const root: unknown = JSON.parse(text);
  if (!isRecord(root) || root.type !== "FeatureCollection" || !Array.isArray(root.features)) {
    throw new Error("GeoJSON: expected a FeatureCollection with a features array");
  }
  const ways: { line: Position[]; properties: Record<string, unknown>; roadClass: RoadClass }[] =
    [];
  let skipped = 0;
  const features: readonly unknown[] = root.features;
  features.forEach((feature, i) => {
    const lines = isRecord(feature) ? linesOf(feature.geometry, i) : [];
    const properties = isRecord(feature) && isRecord(feature.properties) ? feature.properties : {};
    const highway = properties.highway;
    // A Map, not `in` on an object literal: `highway: "constructor"` must not look drivable.
    const roadClass = typeof highway === "string" ? classOfHighway.get(highway) : undefined;
    if (lines.length === 0 || roadClass === undefined) {
      skipped++;
      return;
    }
    for (const line of lines) ways.push({ line, properties, roadClass });
  });

  // A vertex is an intersection when a way ends there or more than one way passes through it.
  const key = ([lon, lat]: Position) => `${lon.toFixed(7)},${lat.toFixed(7)}`;
  const uses = new Map<string, number>();
  for (const { line } of ways) {
    line.forEach((p, i) => {
      const k = key(p);
      const ends = i === 0 || i === line.length - 1 ? 2 : 1;
      uses.set(k, (uses.get(k) ?? 0) + ends);
    });
  }
  const builder = new RoadGraphBuilder();
  const ids = new Map<string, number>();
  const nodeAt = (p: Position) => {
    const k = key(p);
    let id = ids.get(k);
    if (id === undefined) {
      id = builder.addNode(p[1], p[0]);
      ids.set(k, id);
    }
    return id;
  };
  for (const { line, properties, roadClass } of ways) {
    const spec = {
      roadClass,
      toll: isYes(properties.toll),
      ...speedOf(properties.maxspeed),
    };
    const direction = directionOf(properties);
    let from = nodeAt(line[0]!);
    let meters = 0;
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!;
      const b = line[i]!;
      meters += haversineMeters(a[1], a[0], b[1], b[0]);
      if (i < line.length - 1 && (uses.get(key(b)) ?? 0) < 2) continue;
      const to = nodeAt(b);
      builder.addRoad(from, to, { ...spec, lengthMeters: meters }, direction);
      from = to;
      meters = 0;
    }
  }
  const graph = builder.build();
  return {
    graph: options.largestComponentOnly === true ? restrictToLargestComponent(graph) : graph,
    roads: ways.length,
    skipped,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The polylines of a LineString or MultiLineString; nothing for other geometries. */
function linesOf(geometry: unknown, feature: number): Position[][] {
  if (!isRecord(geometry)) return [];
  if (geometry.type === "LineString") return [positions(geometry.coordinates, feature)];
  if (geometry.type === "MultiLineString" && Array.isArray(geometry.coordinates)) {
    const lines: readonly unknown[] = geometry.coordinates;
    return lines.map((line) => positions(line, feature));
  }
  return [];
}

function positions(value: unknown, feature: number): Position[] {
  // Annotated so the array stays `unknown[]` rather than the `any[]` Array.isArray yields.
  const items: readonly unknown[] = Array.isArray(value) ? value : [];
  if (items.length < 2 || !items.every(isPosition)) {
    throw new Error(
      `GeoJSON: feature ${feature} has a line that is not at least two [lon, lat] positions`,
    );
  }
  return items.map((p) => [p[0], p[1]] as const);
}

function isPosition(p: unknown): p is Position {
  if (!Array.isArray(p) || p.length < 2) return false;
  const [lon, lat]: readonly unknown[] = p;
  return (
    typeof lon === "number" &&
    typeof lat === "number" &&
    Math.abs(lon) <= 180 &&
    Math.abs(lat) <= 90
  );
}

function isYes(value: unknown): boolean {
  return value === true || value === "yes" || value === "true" || value === "1";
}

function directionOf(properties: Record<string, unknown>): Direction {
  const oneway = properties.oneway;
  if (oneway === "-1" || oneway === -1 || oneway === "reverse") return "backward";
  if (isYes(oneway) || oneway === 1) return "forward";
  if (oneway === "no" || oneway === false) return "both";
  // OSM implies one-way for motorways and roundabouts unless tagged otherwise.
  const implied = properties.highway === "motorway" || properties.junction === "roundabout";
  return implied ? "forward" : "both";
}

/** `{ speedKmh }` from a numeric `maxspeed` ("50", "50 km/h", "30 mph"); nothing otherwise. */
function speedOf(maxspeed: unknown): { speedKmh?: number } {
  if (typeof maxspeed === "number") return maxspeed > 0 ? { speedKmh: maxspeed } : {};
  if (typeof maxspeed !== "string") return {};
  const match = /^\s*(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph)?\s*$/i.exec(maxspeed);
  if (match === null) return {}; // "none", "walk", "FR:urban": the class default applies
  const value = Number(match[1]) * (match[2]?.toLowerCase() === "mph" ? 1.609344 : 1);
  return value > 0 ? { speedKmh: value } : {};
}
