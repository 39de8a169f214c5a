import type { LatLon } from "./geo.js";

export type { LatLon };

/** Road kinds a route can stay off. */
export type Avoid = "tolls" | "highways";

export interface PathRequest {
  from: LatLon;
  to: LatLon;
  /** Road kinds to stay off; a destination reachable only through them is `not_found`. */
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

/**
 * Shortest paths on the road graph. A point outside the map area is `out_of_range`; a
 * destination that cannot be reached is `not_found`.
 */
export interface PathService {
  /** The fastest route (A* on travel time). */
  shortestPath(req: PathRequest): Promise<Route>;
  /** Distinct alternative routes, best first, as they are found. */
  alternatives(req: PathRequest): AsyncIterable<Route>;
}
