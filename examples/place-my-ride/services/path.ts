import type { LatLon } from "./geo.js";

export type { LatLon };

/** Road kinds a route can stay off. */
export type Avoid = "tolls" | "highways";

export interface PathRequest {
  from: LatLon;
  to: LatLon;
  /** Road kinds to stay off; a destination reachable only through them is `Unreachable`. */
  avoid?: Avoid[];
}

export interface Route {
  /** Length along the roads. */
  distanceMeters: number;
  /** Travel time at each road's speed. */
  etaSeconds: number;
  /** The route's intersections, start to end. */
  path: LatLon[];
}

/** The map area, in degrees. */
export interface MapBounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** A point of the request lies outside the map area. */
export interface OutOfArea {
  code: "out_of_range";
  /** Which end of the request. */
  point: "from" | "to";
  bounds: MapBounds;
}

/** No route reaches the destination. */
export interface Unreachable {
  code: "not_found";
  /** The avoided road kinds, when they are to blame: without them a route exists. */
  avoid?: Avoid[];
}

/** Shortest paths on the road graph. */
export interface PathService {
  /**
   * The fastest route (A* on travel time).
   * @throws {OutOfArea | Unreachable}
   */
  shortestPath(req: PathRequest): Promise<Route>;
  /**
   * Distinct alternative routes, best first, as they are found.
   * @throws {OutOfArea | Unreachable}
   */
  alternatives(req: PathRequest): AsyncIterable<Route>;
}
