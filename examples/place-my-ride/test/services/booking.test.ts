import { randomUUID } from "node:crypto";
import { RpcError } from "@rpcgen/runtime";
import { tcpTransport } from "@rpcgen/transport-tcp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ServiceProcess, startService } from "../../src/demo/spawn-service.js";
import { createRideServiceClient, type RideServiceClient } from "../../src/gen/ride.js";
import { deleteKeys, probeRedis, redisUrl } from "../state/helpers.js";

const redis = await probeRedis("tests of two ride services sharing Redis");
const prefix = `pmr:test:${randomUUID()}:`;
const services: ServiceProcess[] = [];
const closers: (() => Promise<void>)[] = [];
let rideA: RideServiceClient;
let rideB: RideServiceClient;

const centre = { lat: 48.8566, lon: 2.3522 };
const near = (i: number) => ({
  lat: centre.lat + (i % 10) * 0.002,
  lon: centre.lon + (i % 7) * 0.002,
});

function rideClient(url: string): RideServiceClient {
  const transport = tcpTransport(url);
  closers.push(() => transport.close());
  return createRideServiceClient(transport);
}

beforeAll(async () => {
  if (redis === undefined) return;
  const path = await startService("path");
  services.push(path);
  const rideArgs = [
    "--path-url",
    path.url,
    "--redis",
    redisUrl,
    "--prefix",
    prefix,
    "--drivers",
    "40",
  ];
  const [a, b] = await Promise.all([
    startService("ride", rideArgs),
    startService("ride", rideArgs),
  ]);
  services.push(a!, b!);
  rideA = rideClient(a!.url);
  rideB = rideClient(b!.url);
});

afterAll(async () => {
  for (const close of closers) await close();
  for (const service of services) await service.stop("SIGKILL");
  if (redis !== undefined) {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
});

/**
 * For bookings made all at once: without a caller's deadline a ride service gives each route
 * 2 s, which 300 routes queued at one path service can exceed on a loaded machine. The
 * bookings are under test here, not the routing speed.
 */
const unhurried = { timeoutMs: 25_000 };

describe.skipIf(redis === undefined)("two ride services sharing real Redis", () => {
  test("a session made through one ride service works on the other", async () => {
    const session = await rideA.login("rider-shared");
    const booking = await rideB.placeMyRide(session.sessionId, near(1), near(2));
    expect(booking.riderId).toBe("rider-shared");
    await rideB.cancelRide(session.sessionId, booking.bookingId);
  });

  test("an unknown session is unauthenticated", async () => {
    const error = await rideA.placeMyRide("no-such-session", near(1), near(2)).catch((e) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe("unauthenticated");
  });

  test("a ride streams from assignment to arrival", async () => {
    const session = await rideA.login("rider-stream");
    const booking = await rideA.placeMyRide(session.sessionId, near(3), near(9));
    const kinds: string[] = [];
    for await (const update of rideA.rideUpdates(booking.bookingId)) kinds.push(update.kind);
    expect(kinds[0]).toBe("assigned");
    expect(kinds).toContain("approaching");
    expect(kinds).toContain("picked_up");
    expect(kinds.at(-1)).toBe("arrived");
  });

  test("300 concurrent bookings for 40 drivers: exactly 40 succeed and no driver twice", async () => {
    const riders = await Promise.all(
      Array.from({ length: 300 }, (_, i) => (i % 2 ? rideA : rideB).login(`rider-${i}`)),
    );
    const outcomes = await Promise.all(
      riders.map((session, i) =>
        (i % 2 ? rideB : rideA)
          .placeMyRide(session.sessionId, near(i), near(i + 5), undefined, unhurried)
          .then(
            (booking) => ({ booking }),
            (error: unknown) => ({ error: error as RpcError }),
          ),
      ),
    );
    const booked = outcomes.flatMap((o) => ("booking" in o ? [o.booking.driverId] : []));
    const refused = outcomes.flatMap((o) => ("error" in o ? [o.error.code] : []));
    expect(booked).toHaveLength(40);
    expect(new Set(booked).size).toBe(40);
    expect(refused).toEqual(Array.from({ length: 260 }, () => "resource_exhausted"));
  });
});
