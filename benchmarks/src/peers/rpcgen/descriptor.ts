import { defineService, dropUnknown, expected, isPlainObject, method } from "@rpcgen/runtime";
import type { FollowRequest, LatLon, PathRequest, Position, Route } from "../../shared/service.js";

/*
 * The descriptor and decoders written the way `rpcgen generate` is to emit them (see the
 * Decoder contract in packages/runtime/src/descriptor.ts): straight-line checks per field
 * using the runtime's decode helpers, unknown properties dropped, the value reused rather
 * than copied. Hand-written so the benchmark does not depend on codegen, but with the same
 * per-message cost; replace with the generated descriptor once codegen emits one. No encoders:
 * these types need no conversion to their wire form.
 */

const latLonKeys: ReadonlySet<string> = new Set(["lat", "lon"]);
const pathRequestKeys: ReadonlySet<string> = new Set(["from", "to", "avoid", "payload"]);
const routeKeys: ReadonlySet<string> = new Set(["distanceMeters", "etaSeconds", "path", "payload"]);
const followRequestKeys: ReadonlySet<string> = new Set(["rideId", "count"]);
const positionKeys: ReadonlySet<string> = new Set(["seq", "at"]);

function decodeLatLon(value: unknown, path: string): LatLon {
  if (!isPlainObject(value)) return expected(path, "LatLon", value);
  if (typeof value.lat !== "number") expected(`${path}.lat`, "number", value.lat);
  if (typeof value.lon !== "number") expected(`${path}.lon`, "number", value.lon);
  dropUnknown(value, latLonKeys);
  return value as unknown as LatLon;
}

export function decodePathRequest(value: unknown): PathRequest {
  if (!isPlainObject(value)) return expected("req", "PathRequest", value);
  decodeLatLon(value.from, "req.from");
  decodeLatLon(value.to, "req.to");
  const avoid = value.avoid;
  if (avoid !== undefined) {
    if (!Array.isArray(avoid)) expected("req.avoid", "array", avoid);
    for (let i = 0; i < avoid.length; i++) {
      const item: unknown = avoid[i];
      if (item !== "tolls" && item !== "highways") {
        expected(`req.avoid[${i}]`, '"tolls" | "highways"', item);
      }
    }
  }
  if (value.payload !== undefined && typeof value.payload !== "string") {
    expected("req.payload", "string", value.payload);
  }
  dropUnknown(value, pathRequestKeys);
  return value as unknown as PathRequest;
}

export function decodeRoute(value: unknown): Route {
  if (!isPlainObject(value)) return expected("result", "Route", value);
  if (typeof value.distanceMeters !== "number") {
    expected("result.distanceMeters", "number", value.distanceMeters);
  }
  if (typeof value.etaSeconds !== "number") {
    expected("result.etaSeconds", "number", value.etaSeconds);
  }
  const path = value.path;
  if (!Array.isArray(path)) return expected("result.path", "array", path);
  for (let i = 0; i < path.length; i++) decodeLatLon(path[i], `result.path[${i}]`);
  if (value.payload !== undefined && typeof value.payload !== "string") {
    expected("result.payload", "string", value.payload);
  }
  dropUnknown(value, routeKeys);
  return value as unknown as Route;
}

export function decodeFollowRequest(value: unknown): FollowRequest {
  if (!isPlainObject(value)) return expected("req", "FollowRequest", value);
  if (typeof value.rideId !== "string") expected("req.rideId", "string", value.rideId);
  if (typeof value.count !== "number") expected("req.count", "number", value.count);
  dropUnknown(value, followRequestKeys);
  return value as unknown as FollowRequest;
}

export function decodePosition(value: unknown): Position {
  if (!isPlainObject(value)) return expected("item", "Position", value);
  if (typeof value.seq !== "number") expected("item.seq", "number", value.seq);
  decodeLatLon(value.at, "item.at");
  dropUnknown(value, positionKeys);
  return value as unknown as Position;
}

export const BenchPathServiceDef = defineService("bench.PathService", {
  shortestPath: method<PathRequest, Route>()("shortestPath", "unary", {
    decodeRequest: decodePathRequest,
    decodeResponse: decodeRoute,
  }),
  follow: method<FollowRequest, Position>()("follow", "server_stream", {
    decodeRequest: decodeFollowRequest,
    decodeResponse: decodePosition,
  }),
});
