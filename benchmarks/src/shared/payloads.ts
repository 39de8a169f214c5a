import type { FollowRequest, LatLon, PathRequest, Position, Route } from "./service.js";
import { pathPoints } from "./service.js";

/** Distinct payload strings per run: enough that no peer can win by caching one. */
const payloadVariants = 4;

/**
 * Requests the clients cycle through. A handful of distinct values keeps msgpackr honest (no
 * single cached shape) while costing the client nothing to produce during a timed round.
 * With `payloadBytes`, every request carries a string of that length (ASCII, so bytes and
 * characters agree on every wire format), drawn from a few variants.
 */
export function makeRequests(n = 64, payloadBytes = 0): PathRequest[] {
  const payloads: string[] = [];
  if (payloadBytes > 0) {
    for (let v = 0; v < payloadVariants; v++) payloads.push(makePayload(payloadBytes, v + 1));
  }
  const requests: PathRequest[] = [];
  for (let i = 0; i < n; i++) {
    const request: PathRequest = {
      from: { lat: 52.37 + i * 0.001, lon: 4.89 + i * 0.0007 },
      to: { lat: 52.09 - i * 0.0005, lon: 5.12 + i * 0.0011 },
    };
    // Some requests carry the optional field so validators walk both branches.
    if (i % 4 === 0) request.avoid = i % 8 === 0 ? ["tolls"] : ["tolls", "highways"];
    const payload = payloads[i % payloadVariants];
    if (payload !== undefined) request.payload = payload;
    requests.push(request);
  }
  return requests;
}

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * `length` pseudo-random ASCII characters (a fixed LCG, so runs are repeatable): nothing a
 * compressing transport could shrink to nothing, nothing that needs escaping in JSON.
 */
export function makePayload(length: number, seed: number): string {
  const chars = new Array<string>(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    chars[i] = alphabet[x >>> 26]!;
  }
  return chars.join("");
}

const earthRadiusMeters = 6_371_000;
const toRad = Math.PI / 180;

/**
 * The server's "work": a straight-line route with interpolated points. Cheap on purpose, so
 * the benchmark measures the RPC stack rather than the handler, but computed per call so no
 * peer can return a cached object. A request's payload is echoed (an empty string, proto3's
 * "absent", is not).
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
  const route: Route = { distanceMeters, etaSeconds: Math.round(distanceMeters / speed), path };
  if (request.payload !== undefined && request.payload !== "") route.payload = request.payload;
  return route;
}

/** The i-th update of a followed ride. */
export function makePosition(seq: number): Position {
  return { seq, at: { lat: 52.37 + seq * 1e-6, lon: 4.89 - seq * 1e-6 } };
}

export function makeFollowRequest(count: number): FollowRequest {
  return { rideId: "ride-42", count };
}
