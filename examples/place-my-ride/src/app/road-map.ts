/**
 * The city's roads as the page draws them: each road once (a two-way street is two edges of
 * the graph but one line on the map), grouped by road class, as float32 offsets from the map's
 * centre. One binary download, about 1 MB for the synthetic city.
 */
import type { LatLon } from "../../services/geo.js";
import { type BBox, type RoadGraph, roadClassNames } from "../path/index.js";

/** What the page needs to know about the map besides the roads themselves. */
export interface MapInfo {
  /** The point lat/lon offsets in the roads file are measured from. */
  readonly centre: LatLon;
  /** The road graph's bounding box; the path service refuses points well outside it. */
  readonly bbox: BBox;
  /** The airport, reachable only over a toll motorway. */
  readonly airport: LatLon;
  /** Road classes in the order of the roads file, with how many segments each has. */
  readonly classes: readonly { readonly name: string; readonly segments: number }[];
}

/** The map's metadata and its roads file. */
export interface RoadMap {
  readonly info: MapInfo;
  /**
   * Segments of every class in turn, four float32 each (little-endian): start lat, start lon,
   * end lat, end lon, as offsets in degrees from `info.centre`.
   */
  readonly roads: Uint8Array;
}

/** Lays out `graph`'s roads for the page. */
export function roadMap(graph: RoadGraph, centre: LatLon, airport: LatLon): RoadMap {
  const byClass: number[][] = roadClassNames.map(() => []);
  for (let e = 0; e < graph.edgeCount; e++) {
    const a = graph.edgeSource[e]!;
    const b = graph.edgeTarget[e]!;
    // A two-way street's second edge is drawn by its first; a one-way street has only one.
    if (a > b && hasEdge(graph, b, a)) continue;
    byClass[graph.roadClass[e]!]!.push(a, b);
  }
  const total = byClass.reduce((n, ends) => n + ends.length / 2, 0);
  const floats = new Float32Array(total * 4);
  let i = 0;
  for (const ends of byClass) {
    for (let k = 0; k < ends.length; k++) {
      floats[i++] = graph.lat[ends[k]!]! - centre.lat;
      floats[i++] = graph.lon[ends[k]!]! - centre.lon;
    }
  }
  return {
    info: {
      centre,
      bbox: graph.bbox,
      airport,
      classes: roadClassNames.map((name, c) => ({ name, segments: byClass[c]!.length / 2 })),
    },
    // Float32Array is little-endian on every platform Node runs on.
    roads: new Uint8Array(floats.buffer),
  };
}

function hasEdge(graph: RoadGraph, from: number, to: number): boolean {
  for (let e = graph.firstEdge[from]!; e < graph.firstEdge[from + 1]!; e++) {
    if (graph.edgeTarget[e] === to) return true;
  }
  return false;
}
