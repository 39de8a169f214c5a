import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { RpcError } from "@rpcgen/runtime";
import { tcpTransport } from "@rpcgen/transport-tcp";
import { afterAll, describe, expect, test, vi } from "vitest";
import { type ServiceProcess, startService } from "../../src/demo/spawn-service.js";
import { createPathServiceClient } from "../../src/gen/path.js";
import { createRideServiceClient, type RideServiceClient } from "../../src/gen/ride.js";
import { deleteKeys, probeRedis, redisUrl } from "../state/helpers.js";

const redis = await probeRedis("tests of ride services sharing Redis");
const prefix = `pmr:test:${randomUUID()}:`;
const services: ServiceProcess[] = [];
const closers: (() => Promise<void>)[] = [];
const centre = { lat: 48.8566, lon: 2.3522 };
const near = (i: number) => ({
  lat: centre.lat + (i % 10) * 0.002,
  lon: centre.lon + (i % 7) * 0.002,
});

async function start(which: "path" | "ride", args: string[] = []): Promise<ServiceProcess> {
  const service = await startService(which, args);
  services.push(service);
  return service;
}

function client<T>(url: string, make: (t: ReturnType<typeof tcpTransport>) => T): T {
  const transport = tcpTransport(url);
  closers.push(() => transport.close());
  return make(transport);
}

/**
 * For bookings made all at once: without a caller's deadline the ride service gives each route
 * 2 s, which 300 routes queued at one path service can exceed on a loaded machine. The
 * bookings are under test here, not the routing speed.
 */
const unhurried = { timeoutMs: 25_000 };

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as RpcError,
  );

afterAll(async () => {
  for (const close of closers) await close();
  for (const service of services) await service.stop("SIGKILL");
  if (redis !== undefined) {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
});

test("the path service routes on an OpenStreetMap extract passed as GeoJSON", async () => {
  const file = fileURLToPath(new URL("../path/fixtures/tiny-city.geojson", import.meta.url));
  const path = await start("path", ["--geojson", file]);
  const paths = client(path.url, createPathServiceClient);
  const route = await paths.shortestPath({
    from: { lat: 48.85, lon: 2.35 },
    to: { lat: 48.85, lon: 2.352 },
  });
  expect(route.path[0]).toEqual({ lat: 48.85, lon: 2.35 });
  expect(route.path.at(-1)).toEqual({ lat: 48.85, lon: 2.352 });
  expect(route.distanceMeters).toBeGreaterThan(140);
});

describe("one ride service with the in-process defaults", () => {
  let path: Promise<ServiceProcess> | undefined;
  /** A ride service keeping its state in its own process, routing through one path service. */
  async function inProcessRides(args: string[] = []): Promise<RideServiceClient> {
    path ??= start("path");
    const pathUrl = (await path).url;
    // The ride service would share state through a REDIS_URL it inherits from the test run.
    vi.stubEnv("REDIS_URL", "");
    const ride = await start("ride", ["--path-url", pathUrl, ...args]).finally(() =>
      vi.unstubAllEnvs(),
    );
    return client(ride.url, createRideServiceClient);
  }

  test("300 concurrent bookings for 40 drivers: exactly 40 succeed, no driver twice", async () => {
    const rides = await inProcessRides(["--drivers", "40"]);
    const sessions = await Promise.all(Array.from({ length: 300 }, (_, i) => rides.login(`r${i}`)));
    const outcomes = await Promise.all(
      sessions.map((s, i) =>
        rides.placeMyRide(s.sessionId, near(i), near(i + 3), undefined, unhurried).then(
          (b) => b.driverId,
          (e: RpcError) => e.code,
        ),
      ),
    );
    const drivers = outcomes.filter((o) => o.startsWith("d-"));
    expect(drivers).toHaveLength(40);
    expect(new Set(drivers).size).toBe(40);
    expect(outcomes.filter((o) => o === "resource_exhausted")).toHaveLength(260);
  });

  test("a session is refused as unauthenticated once its TTL has passed", async () => {
    const rides = await inProcessRides(["--session-ttl-ms", "300"]);
    const session = await rides.login("r-expiring");
    while (Date.now() <= session.expiresAt.getTime()) {
      await new Promise((resolve) =>
        setTimeout(resolve, session.expiresAt.getTime() - Date.now() + 1),
      );
    }
    const expired = await failure(rides.placeMyRide(session.sessionId, near(1), near(2)));
    expect(expired?.code).toBe("unauthenticated");
    expect(expired?.message).toContain("unknown or expired");
  });
});

describe.skipIf(redis === undefined)("ride services sharing Redis", () => {
  test("a ride service killed with -9 while holding drivers frees them within the lock TTL", async () => {
    const path = await start("path");
    const common = [
      "--path-url",
      path.url,
      "--redis",
      redisUrl,
      "--prefix",
      prefix,
      "--drivers",
      "5",
    ];
    const doomed = await start("ride", [...common, "--booking-ttl-ms", "800"]);
    const survivor = await start("ride", common);
    const a = client(doomed.url, createRideServiceClient);
    const b = client(survivor.url, createRideServiceClient);
    const session = await b.login("rider");
    for (let i = 0; i < 5; i++)
      await a.placeMyRide((await a.login(`held${i}`)).sessionId, near(i), near(i + 1));
    const none = await failure(b.placeMyRide(session.sessionId, near(0), near(1)));
    expect(none?.code).toBe("resource_exhausted");
    await doomed.stop("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const booking = await b.placeMyRide(session.sessionId, near(0), near(1));
    expect(booking.driverId).toMatch(/^d-00\d$/);
  });
});
