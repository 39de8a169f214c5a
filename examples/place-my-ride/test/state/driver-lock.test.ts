import { describe, expect, it, vi } from "vitest";
import { type DriverLock, memoryDriverLock, redisDriverLock } from "../../src/state/driver-lock.js";
import { redisForThisFile, redisUrl, spawnFixture, testPrefix } from "./helpers.js";

const redis = await redisForThisFile("redisDriverLock tests");

/** What every lock must do, whatever it keeps locks in. */
function behavesLikeADriverLock(open: () => DriverLock) {
  it("gives a free driver to the first caller and refuses the next", async () => {
    const lock = open();
    const handle = await lock.tryAcquire("d-1", 60_000);
    expect(handle).toMatchObject({ driverId: "d-1" });
    expect(await lock.tryAcquire("d-1", 60_000)).toBeUndefined();
    expect(await lock.isLocked("d-1")).toBe(true);
    // Other drivers are unaffected.
    expect(await lock.tryAcquire("d-2", 60_000)).toBeDefined();
  });

  it("frees the driver when the holder releases, exactly once", async () => {
    const lock = open();
    const handle = (await lock.tryAcquire("d-1", 60_000))!;
    expect(await handle.release()).toBe(true);
    expect(await lock.isLocked("d-1")).toBe(false);
    expect(await handle.release()).toBe(false);
    expect(await handle.extend(60_000)).toBe(false);
    expect(await lock.tryAcquire("d-1", 60_000)).toBeDefined();
  });

  it("lets no one but the holder release or extend, not even with a guessed token", async () => {
    const lock = open();
    const handle = (await lock.tryAcquire("d-1", 60_000))!;
    expect(await lock.release("d-1", "not-the-token")).toBe(false);
    expect(await lock.release("d-1", "")).toBe(false);
    expect(await lock.extend("d-1", "not-the-token", 60_000)).toBe(false);
    expect(await lock.isLocked("d-1")).toBe(true);
    // The right token, given without the handle (another process read it from a booking).
    expect(await lock.release("d-1", handle.token)).toBe(true);
  });

  it("gives every acquisition its own token", async () => {
    const lock = open();
    const first = (await lock.tryAcquire("d-1", 60_000))!;
    await first.release();
    const second = (await lock.tryAcquire("d-1", 60_000))!;
    expect(second.token).not.toBe(first.token);
    // The first holder's token is stale: it cannot free the second holder's driver.
    expect(await lock.release("d-1", first.token)).toBe(false);
    expect(await lock.isLocked("d-1")).toBe(true);
  });

  it("hands a driver to exactly one of many concurrent callers", async () => {
    const lock = open();
    const handles = await Promise.all(
      Array.from({ length: 100 }, () => lock.tryAcquire("d-contended", 60_000)),
    );
    expect(handles.filter((h) => h !== undefined)).toHaveLength(1);
  });
}

describe("memoryDriverLock", () => {
  behavesLikeADriverLock(() => memoryDriverLock());

  it("frees a driver when the TTL passes, and the stale holder cannot free the next one", async () => {
    let now = 1_000_000;
    const lock = memoryDriverLock({ now: () => now });
    const stale = (await lock.tryAcquire("d-1", 500))!;
    now += 499;
    expect(await lock.tryAcquire("d-1", 500)).toBeUndefined();
    now += 1;
    const fresh = await lock.tryAcquire("d-1", 500);
    expect(fresh).toBeDefined();
    expect(await stale.release()).toBe(false);
    expect(await stale.extend(500)).toBe(false);
    expect(await lock.isLocked("d-1")).toBe(true);
  });

  it("keeps a driver held past the original TTL when the holder extends", async () => {
    let now = 1_000_000;
    const lock = memoryDriverLock({ now: () => now });
    const handle = (await lock.tryAcquire("d-1", 500))!;
    now += 400;
    expect(await handle.extend(500)).toBe(true);
    now += 400;
    expect(await lock.tryAcquire("d-1", 500)).toBeUndefined();
  });
});

describe.skipIf(redis === undefined)("redisDriverLock", () => {
  let n = 0;
  behavesLikeADriverLock(() => redisDriverLock(redis!, { prefix: testPrefix(`locks-${n++}`) }));

  it("frees a driver when the TTL passes, and the stale holder cannot free the next one", async () => {
    const lock = redisDriverLock(redis!, { prefix: testPrefix("ttl") });
    const stale = (await lock.tryAcquire("d-1", 150))!;
    const fresh = await vi.waitFor(
      async () => {
        const handle = await lock.tryAcquire("d-1", 60_000);
        expect(handle).toBeDefined();
        return handle!;
      },
      { timeout: 5_000, interval: 25 },
    );
    expect(await stale.release()).toBe(false);
    expect(await stale.extend(60_000)).toBe(false);
    expect(await lock.isLocked("d-1")).toBe(true);
    expect(await fresh.release()).toBe(true);
  });

  it("keeps a driver held while the holder extends it", async () => {
    const prefix = testPrefix("extend");
    const lock = redisDriverLock(redis!, { prefix });
    const handle = (await lock.tryAcquire("d-1", 1_000))!;
    expect(await handle.extend(60_000)).toBe(true);
    expect(await redis!.pttl(`${prefix}driver-lock:d-1`)).toBeGreaterThan(1_000);
  });

  it("keeps holders in different connections apart", async () => {
    const prefix = testPrefix("two-clients");
    const a = redisDriverLock(redisUrl, { prefix });
    const b = redisDriverLock(redisUrl, { prefix });
    const held = (await a.tryAcquire("d-1", 60_000))!;
    expect(await b.tryAcquire("d-1", 60_000)).toBeUndefined();
    expect(await b.release("d-1", "guess")).toBe(false);
    expect(await held.release()).toBe(true);
    expect(await b.tryAcquire("d-1", 60_000)).toBeDefined();
    await Promise.all([a.close(), b.close()]);
  });

  it("frees a driver within its TTL after the holding process is killed with SIGKILL", async () => {
    const prefix = testPrefix("kill-9");
    const lock = redisDriverLock(redis!, { prefix });
    const holder = spawnFixture("hold-lock", [redisUrl, prefix, "d-7", 500]);
    expect(await holder.nextLine()).toMatch(/^holding /);
    // Alive, the holder keeps extending its lock, so the driver is taken.
    expect(await lock.tryAcquire("d-7", 60_000)).toBeUndefined();

    await holder.kill();
    expect(await holder.exited).toBe("SIGKILL");
    const claimed = await vi.waitFor(
      async () => {
        const handle = await lock.tryAcquire("d-7", 60_000);
        expect(handle).toBeDefined();
        return handle!;
      },
      { timeout: 5_000, interval: 25 },
    );
    expect(claimed.driverId).toBe("d-7");
  });
});
