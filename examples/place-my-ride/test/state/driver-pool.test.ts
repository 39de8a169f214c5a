import { describe, expect, it, vi } from "vitest";
import { memoryDriverLock, redisDriverLock } from "../../src/state/driver-lock.js";
import {
  createDriverPool,
  createSharedState,
  type Driver,
  distanceMeters,
  seedDrivers,
} from "../../src/state/driver-pool.js";
import { redisForThisFile, redisUrl, spawnFixture, testPrefix } from "./helpers.js";

const redis = await redisForThisFile("driver pool tests over Redis");

const center = { lat: 48.8566, lon: 2.3522 };
const drivers = seedDrivers({ count: 40, seed: 7, center, radiusMeters: 5_000 });
const riders = seedDrivers({ count: 300, seed: 99, center, radiusMeters: 6_000 });

/** 300 riders book at once against 40 drivers; returns who got whom. */
async function bookAllAtOnce(pool: ReturnType<typeof createDriverPool>) {
  const claims = await Promise.all(
    riders.map((rider) => pool.claimNearest(rider.position, { ttlMs: 60_000 })),
  );
  return claims.flatMap((claim) => (claim === undefined ? [] : [claim.driverId]));
}

describe("seedDrivers", () => {
  it("places the same drivers for the same seed, with unique ids, inside the disc", () => {
    expect(seedDrivers({ count: 40, seed: 7, center, radiusMeters: 5_000 })).toEqual(drivers);
    expect(new Set(drivers.map((d) => d.driverId)).size).toBe(40);
    expect(drivers[0]!.driverId).toBe("d-000");
    for (const d of drivers) expect(distanceMeters(center, d.position)).toBeLessThanOrEqual(5_001);
    expect(seedDrivers({ count: 40, seed: 8, center, radiusMeters: 5_000 })).not.toEqual(drivers);
  });
});

describe("createDriverPool", () => {
  it("gives the nearest free driver first, then the next nearest", async () => {
    const pool = createDriverPool(memoryDriverLock(), drivers);
    const byDistance = [...drivers].sort(
      (a, b) => distanceMeters(center, a.position) - distanceMeters(center, b.position),
    );
    const first = await pool.claimNearest(center, { ttlMs: 60_000 });
    const second = await pool.claimNearest(center, { ttlMs: 60_000 });
    expect(first?.driverId).toBe(byDistance[0]!.driverId);
    expect(second?.driverId).toBe(byDistance[1]!.driverId);
    expect(second!.distanceMeters).toBeGreaterThanOrEqual(first!.distanceMeters);
  });

  it("makes a released driver bookable again, and only once", async () => {
    const few: Driver[] = drivers.slice(0, 2);
    const pool = createDriverPool(memoryDriverLock(), few);
    const a = (await pool.claimNearest(center, { ttlMs: 60_000 }))!;
    await pool.claimNearest(center, { ttlMs: 60_000 });
    expect(await pool.claimNearest(center, { ttlMs: 60_000 })).toBeUndefined();
    expect(await pool.release(a.driverId)).toBe(true);
    expect(await pool.release(a.driverId)).toBe(false);
    expect((await pool.claimNearest(center, { ttlMs: 60_000 }))?.driverId).toBe(a.driverId);
  });

  it("does not release a driver it never claimed", async () => {
    const lock = memoryDriverLock();
    const pool = createDriverPool(lock, drivers);
    const elsewhere = (await lock.tryAcquire("d-000", 60_000))!;
    expect(await pool.release("d-000")).toBe(false);
    expect(await lock.isLocked(elsewhere.driverId)).toBe(true);
  });

  it("frees a driver whose claim expired, and then the old claim cannot release it", async () => {
    let now = 1_000_000;
    const lock = memoryDriverLock({ now: () => now });
    const one = drivers.slice(0, 1);
    // Two pools over one lock: two ride services sharing the same drivers.
    const first = createDriverPool(lock, one);
    const second = createDriverPool(lock, one);
    expect(await first.claimNearest(center, { ttlMs: 1_000 })).toBeDefined();
    expect(await second.claimNearest(center, { ttlMs: 1_000 })).toBeUndefined();
    now += 1_000;
    expect(await second.claimNearest(center, { ttlMs: 1_000 })).toBeDefined();
    expect(await first.extend(one[0]!.driverId, 1_000)).toBe(false);
    expect(await first.release(one[0]!.driverId)).toBe(false);
    expect(await lock.isLocked(one[0]!.driverId)).toBe(true);
    expect(await second.release(one[0]!.driverId)).toBe(true);
  });

  it("refuses a registry with the same driver twice", () => {
    expect(() => createDriverPool(memoryDriverLock(), [drivers[0]!, drivers[0]!])).toThrow(
      /unique/,
    );
  });

  it("books 40 drivers for 300 concurrent riders in one process: 40 succeed, none twice", async () => {
    const booked = await bookAllAtOnce(createDriverPool(memoryDriverLock(), drivers));
    expect(booked).toHaveLength(40);
    expect(300 - booked.length).toBe(260);
    expect(new Set(booked).size).toBe(40);
  });
});

describe.skipIf(redis === undefined)("createDriverPool over Redis", () => {
  it("books 40 drivers for 300 concurrent riders in one process: 40 succeed, none twice", async () => {
    const lock = redisDriverLock(redis!, { prefix: testPrefix("pool-one") });
    const booked = await bookAllAtOnce(createDriverPool(lock, drivers));
    expect(booked).toHaveLength(40);
    expect(new Set(booked).size).toBe(40);
  });

  it("books 40 drivers for 300 riders across two processes: 40 succeed in total, none twice", async () => {
    const prefix = testPrefix("pool-two");
    const children = [
      spawnFixture("claim-drivers", [redisUrl, prefix, 150, 40, 1]),
      spawnFixture("claim-drivers", [redisUrl, prefix, 150, 40, 2]),
    ];
    // Both connect first, then start together, so their claims really overlap.
    for (const child of children) expect(await child.nextLine()).toBe("ready");
    for (const child of children) child.send("go");
    const results = await Promise.all(
      children.map(
        async (child) =>
          JSON.parse(await child.nextLine()) as { claimed: string[]; misses: number },
      ),
    );
    for (const child of children) expect(await child.exited).toBe(0);

    const all = results.flatMap((r) => r.claimed);
    expect(all).toHaveLength(40);
    expect(new Set(all)).toEqual(new Set(drivers.map((d) => d.driverId)));
    expect(results[0]!.misses + results[1]!.misses).toBe(260);
    // The children exited without releasing: their bookings stay held in Redis.
    const lock = redisDriverLock(redis!, { prefix });
    for (const d of drivers) expect(await lock.isLocked(d.driverId)).toBe(true);
  });
});

describe("createSharedState", () => {
  it("keeps state in this process when no Redis URL is set", async () => {
    vi.stubEnv("REDIS_URL", "");
    try {
      const state = await createSharedState();
      expect(state.kind).toBe("memory");
      const session = await state.sessions.create("rider", 60_000);
      expect(await state.sessions.get(session.sessionId)).toEqual(session);
      await state.close();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("fails at start-up with a clear message when Redis does not answer", async () => {
    await expect(createSharedState({ redisUrl: "redis://127.0.0.1:1" })).rejects.toThrow(
      /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/,
    );
  });

  it.skipIf(redis === undefined)(
    "uses Redis from REDIS_URL, shared with other clients",
    async () => {
      vi.stubEnv("REDIS_URL", redisUrl);
      try {
        const prefix = testPrefix("shared-state");
        const state = await createSharedState({ prefix });
        expect(state.kind).toBe("redis");
        const session = await state.sessions.create("rider", 60_000);
        expect(await redis!.exists(`${prefix}session:${session.sessionId}`)).toBe(1);
        const handle = (await state.locks.tryAcquire("d-1", 60_000))!;
        expect(await redisDriverLock(redis!, { prefix }).isLocked("d-1")).toBe(true);
        expect(await handle.release()).toBe(true);
        await state.close();
        expect(state.redis?.status).toBe("end");
      } finally {
        vi.unstubAllEnvs();
      }
    },
  );
});
