import type { FollowRequest, LatLon, PathRequest, Position, Route } from "./service.js";
import { pathPoints } from "./service.js";

/**
 * Requests the clients cycle through. A handful of distinct values keeps msgpackr honest (no
 * single cached shape) while costing the client nothing to produce during a timed round.
 */
export function makeRequests(n = 64): PathRequest[] {
  const requests: PathRequest[] = [];
  for (let i = 0; i < n; i++) {
    const request: PathRequest = {
      from: { lat: 52.37 + i * 0.001, lon: 4.89 + i * 0.0007 },
      to: { lat: 52.09 - i * 0.0005, lon: 5.12 + i * 0.0011 },
    };
    // Some requests carry the optional field so validators walk both branches.
    if (i % 4 === 0) request.avoid = i % 8 === 0 ? ["tolls"] : ["tolls", "highways"];
    requests.push(request);
  }
  return requests;
}

const earthRadiusMeters = 6_371_000;
const toRad = Math.PI / 180;

/**
 * The server's "work": a straight-line route with interpolated points. Cheap on purpose, so
 * the benchmark measures the RPC stack rather than the handler, but computed per call so no
 * peer can return a cached object.
 */
export function computeRoute(request: PathRequest): Route {
  const { from, to } = request;
  const path: LatLon[] = new Array(pathPoints);
  for (let i = 0; i < pathPoints; i++) {
    const t = i / (pathPoints - 1);
    path[i] = { lat: from.lat + (to.lat - from.lat) * t, lon: from.lon + (to.lon - from.lon) * t };
  }
  const dLat = (to.lat - from.lat) * toRad;
  const dLon = (to.lon - from.lon) * toRad;
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(from.lat * toRad) * Math.cos(to.lat * toRad) * Math.sin(dLon / 2) ** 2;
  const distanceMeters = Math.round(2 * earthRadiusMeters * Math.asin(Math.sqrt(a)));
  const speed = request.avoid?.includes("highways") === true ? 14 : 22;
  return { distanceMeters, etaSeconds: Math.round(distanceMeters / speed), path };
}

/** The i-th update of a followed ride. */
export function makePosition(seq: number): Position {
  return { seq, at: { lat: 52.37 + seq * 1e-6, lon: 4.89 - seq * 1e-6 } };
}

export function makeFollowRequest(count: number): FollowRequest {
  return { rideId: "ride-42", count };
}
