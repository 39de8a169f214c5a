import { Packr } from "msgpackr";
import { makeRequests } from "../shared/payloads.js";
import type { LatLon, PathRequest, Route } from "../shared/service.js";

/**
 * The values every validator checks. Each case is a set of distinct values packed once with
 * the settings of rpcgen's msgpack codec; the benchmark unpacks a fresh batch before each timed
 * batch, so every validator sees objects exactly as a server would hand them over, and none of
 * them can profit from (or be slowed by) another validator having already stripped a value.
 */

/** Points in every benchmark Route (the RPC benchmark's routes carry 8). */
export const routePoints = 16;
/** Distinct values per case; batches cycle through them. */
const distinct = 64;
/** Where the invalid route is wrong: `path[12].lon` is a string. */
export const invalidPoint = 12;

export type CaseName = "path-request" | "route-16" | "route-16-extra-keys" | "route-16-invalid";
export const caseNames: readonly CaseName[] = [
  "path-request",
  "route-16",
  "route-16-extra-keys",
  "route-16-invalid",
];

export interface Case {
  readonly name: CaseName;
  /** Which message type the value is, so each validator picks its schema. */
  readonly type: "PathRequest" | "Route";
  /** Whether every validator must accept every value. */
  readonly valid: boolean;
  /** What each value looks like after validation (unknown keys gone); empty when invalid. */
  readonly expected: readonly unknown[];
  /** The values as msgpack, `distinct` of them. */
  readonly packed: readonly Uint8Array[];
}

/** Packs exactly like `msgpackCodec` in @rpcgen/runtime. */
export function codecPackr(): Packr {
  return new Packr({
    useRecords: false,
    mapsAsObjects: true,
    moreTypes: false,
    bundleStrings: false,
    int64AsType: "bigint",
    structuredClone: false,
    copyBuffers: true,
  });
}

/** A straight-line route of `routePoints` points, distinct per `i`. */
export function makeRoute(request: PathRequest, i: number): Route {
  const { from, to } = request;
  const path: LatLon[] = [];
  for (let p = 0; p < routePoints; p++) {
    const t = p / (routePoints - 1);
    path.push({ lat: from.lat + (to.lat - from.lat) * t, lon: from.lon + (to.lon - from.lon) * t });
  }
  return { distanceMeters: 41_000 + i * 17, etaSeconds: 1_860 + i * 3, path };
}

export function makeCases(): Case[] {
  const packr = codecPackr();
  const requests = makeRequests(distinct);
  const routes = requests.map(makeRoute);
  // A newer peer's fields this schema does not know: one on the route, one on every point.
  const withExtraKeys = routes.map((route) => ({
    ...route,
    provider: "osm",
    path: route.path.map((point, p) => ({ ...point, alt: 3 + p * 0.25 })),
  }));
  // A wrong type deep inside: one coordinate sent as a string.
  const invalid = routes.map((route) => ({
    ...route,
    path: route.path.map((point, p) =>
      p === invalidPoint ? { lat: point.lat, lon: String(point.lon) } : point,
    ),
  }));
  const pack = (values: readonly unknown[]) => values.map((v) => packr.pack(v));
  return [
    {
      name: "path-request",
      type: "PathRequest",
      valid: true,
      expected: requests,
      packed: pack(requests),
    },
    { name: "route-16", type: "Route", valid: true, expected: routes, packed: pack(routes) },
    {
      name: "route-16-extra-keys",
      type: "Route",
      valid: true,
      expected: routes,
      packed: pack(withExtraKeys),
    },
    {
      name: "route-16-invalid",
      type: "Route",
      valid: false,
      expected: [],
      packed: pack(invalid),
    },
  ];
}
