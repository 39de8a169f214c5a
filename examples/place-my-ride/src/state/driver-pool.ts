/**
 * The booking primitive: pick the nearest driver nobody else holds. Correctness rests entirely
 * on the {@link DriverLock}: a driver is booked by acquiring its lock, and the lock (atomic
 * `SET NX` in Redis, a synchronous map update in-process) lets exactly one caller have it. The
 * pool adds the ordering by distance and remembers the handles it holds so `release` is easy.
 */
import type { LatLon } from "../../services/geo.js";
import type { DriverLock, LockHandle } from "./driver-lock.js";

export { createSharedState, type SharedState, type SharedStateOptions } from "./shared-state.js";

/** A driver and where they wait for a booking. */
export interface Driver {
  readonly driverId: string;
  readonly position: LatLon;
}

/** A successful claim: the driver is held until `release` or the TTL runs out. */
export interface Claim {
  readonly driverId: string;
  readonly position: LatLon;
  /** How far the driver is from the requested position, great-circle. */
  readonly distanceMeters: number;
  readonly handle: LockHandle;
}

/** Options for {@link DriverPool.claimNearest}. */
export interface ClaimOptions {
  /** How long the driver stays held unless released or extended: the ride plus a margin. */
  readonly ttlMs: number;
}

/** Drivers that can be booked, nearest first, each by at most one caller at a time. */
export interface DriverPool {
  readonly drivers: readonly Driver[];
  /**
   * Holds the nearest free driver for `ttlMs`, or `undefined` when every driver is held. Never
   * returns a driver that another caller (in any process sharing the lock) holds.
   */
  claimNearest(position: LatLon, options: ClaimOptions): Promise<Claim | undefined>;
  /** Frees a driver this pool claimed; `false` if it holds no live lock on it any more. */
  release(driverId: string): Promise<boolean>;
  /** Keeps a claimed driver held for `ttlMs` from now (a ride that runs long). */
  extend(driverId: string, ttlMs: number): Promise<boolean>;
}

/** Creates a pool over `drivers`; driver ids must be unique. */
export function createDriverPool(lock: DriverLock, drivers: readonly Driver[]): DriverPool {
  const ids = new Set(drivers.map((d) => d.driverId));
  if (ids.size !== drivers.length) throw new Error("driver ids must be unique");
  // Handles of the drivers this process claimed, so callers release by id, not by token.
  const claimed = new Map<string, LockHandle>();

  return {
    drivers,
    async claimNearest(position, { ttlMs }) {
      const byDistance = drivers
        .map((driver) => ({ driver, distanceMeters: distanceMeters(position, driver.position) }))
        .sort((a, b) => a.distanceMeters - b.distanceMeters);
      // One at a time, nearest first: trying all at once would hold several drivers for a
      // moment and make other callers skip drivers that end up free.
      for (const { driver, distanceMeters } of byDistance) {
        const handle = await lock.tryAcquire(driver.driverId, ttlMs);
        if (handle === undefined) continue;
        claimed.set(driver.driverId, handle);
        return { driverId: driver.driverId, position: driver.position, distanceMeters, handle };
      }
      return undefined;
    },
    async release(driverId) {
      const handle = claimed.get(driverId);
      if (handle === undefined) return false;
      claimed.delete(driverId);
      // The token check inside release means a lock that expired and went to someone else
      // is left alone: we get `false`, they keep their driver.
      return handle.release();
    },
    async extend(driverId, ttlMs) {
      const handle = claimed.get(driverId);
      return handle === undefined ? false : handle.extend(ttlMs);
    },
  };
}

/** Options for {@link seedDrivers}. */
export interface SeedDriversOptions {
  readonly count: number;
  /** Same seed, same drivers: so every ride-service process agrees on the registry. */
  readonly seed?: number;
  /** The middle of the area drivers wait in. */
  readonly center: LatLon;
  /** Drivers are spread uniformly over a disc of this radius around `center`. */
  readonly radiusMeters: number;
}

/**
 * A deterministic registry of drivers `d-000`, `d-001`, ... placed uniformly at random (from
 * `seed`) over a disc. Ids are zero-padded so they sort in creation order.
 */
export function seedDrivers(options: SeedDriversOptions): Driver[] {
  const random = mulberry32(options.seed ?? 1);
  const width = String(Math.max(options.count - 1, 0)).length;
  const metersPerDegreeLat = 111_320;
  const metersPerDegreeLon = metersPerDegreeLat * Math.cos((options.center.lat * Math.PI) / 180);
  return Array.from({ length: options.count }, (_, i) => {
    // sqrt makes the density uniform over the disc instead of crowding the middle.
    const r = options.radiusMeters * Math.sqrt(random());
    const angle = 2 * Math.PI * random();
    return {
      driverId: `d-${String(i).padStart(Math.max(width, 3), "0")}`,
      position: {
        lat: options.center.lat + (r * Math.sin(angle)) / metersPerDegreeLat,
        lon: options.center.lon + (r * Math.cos(angle)) / metersPerDegreeLon,
      },
    };
  });
}

/** Great-circle distance in meters (haversine, mean Earth radius). */
export function distanceMeters(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A small, fast, seedable PRNG; `Math.random` cannot be seeded. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
