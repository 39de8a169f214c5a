/**
 * The message shapes every peer serves, modelled on the design's PathService: a small request
 * struct, a route with an 8-point path, and a server stream of small position updates.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

export interface PathRequest {
  from: LatLon;
  to: LatLon;
  avoid?: ("tolls" | "highways")[];
}

export interface Route {
  distanceMeters: number;
  etaSeconds: number;
  path: LatLon[];
}

/** Asks the server to stream `count` position updates for one ride. */
export interface FollowRequest {
  rideId: string;
  count: number;
}

export interface Position {
  seq: number;
  at: LatLon;
}

/** Points in every route; the brief's "Route-like" response carries 8. */
export const pathPoints = 8;
