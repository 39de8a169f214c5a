/**
 * The message shapes every peer serves, modelled on the design's PathService: a small request
 * struct, a route with an 8-point path, and a server stream of small position updates.
 *
 * `payload` is the one field most scenarios leave out: `unary-64k` fills it with a 64 KiB
 * string and the handler echoes it in the route, so large messages travel both ways through
 * the same method. Schema-based peers declare it as an optional string (proto3: `string
 * payload`, where absent reads as "", which computeRoute treats as absent).
 */

export interface LatLon {
  lat: number;
  lon: number;
}

export interface PathRequest {
  from: LatLon;
  to: LatLon;
  avoid?: ("tolls" | "highways")[];
  /** Opaque data echoed back in {@link Route.payload}; only `unary-64k` sends it. */
  payload?: string;
}

export interface Route {
  distanceMeters: number;
  etaSeconds: number;
  path: LatLon[];
  /** The request's payload, when it had one. */
  payload?: string;
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

/**
 * The service as rpcgen reads it: `rpcgen generate` turns this interface into
 * src/peers/rpcgen/gen/service.ts (the `gen:rpcgen` script; test/generated.test.ts keeps it
 * current), so the rpcgen peers run the decoders users get.
 */
export interface PathService {
  shortestPath(request: PathRequest): Promise<Route>;
  follow(request: FollowRequest): AsyncIterable<Position>;
}
