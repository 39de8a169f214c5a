import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import {
  memorySessionStore,
  redisSessionStore,
  type SessionStore,
} from "../../src/state/session-store.js";
import { redisForThisFile, redisUrl, spawnFixture, testPrefix } from "./helpers.js";

const redis = await redisForThisFile("redisSessionStore tests");

/** What every store must do, whatever it keeps sessions in. */
function behavesLikeASessionStore(open: () => SessionStore) {
  it("returns the session it created, with the rider and a future expiry", async () => {
    const store = open();
    const before = Date.now();
    const session = await store.create("rider-1", 60_000);
    expect(session.riderId).toBe("rider-1");
    expect(session.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(60_000);
    expect(await store.get(session.sessionId)).toEqual(session);
    await store.close();
  });

  it("gives every session its own id", async () => {
    const store = open();
    const sessions = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.create(`rider-${i}`, 60_000)),
    );
    expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(50);
    await store.close();
  });

  it("knows nothing of an id it never issued", async () => {
    const store = open();
    expect(await store.get("00000000-0000-4000-8000-000000000000")).toBeUndefined();
    expect(await store.touch("no-such-session", 1_000)).toBeUndefined();
    expect(await store.delete("no-such-session")).toBe(false);
    await store.close();
  });

  it("forgets a deleted session", async () => {
    const store = open();
    const session = await store.create("rider-2", 60_000);
    expect(await store.delete(session.sessionId)).toBe(true);
    expect(await store.get(session.sessionId)).toBeUndefined();
    expect(await store.delete(session.sessionId)).toBe(false);
    await store.close();
  });

  it("moves the expiry forward on touch and keeps the rest", async () => {
    const store = open();
    const session = await store.create("rider-3", 1_000);
    const touched = await store.touch(session.sessionId, 120_000);
    expect(touched).toMatchObject({ sessionId: session.sessionId, riderId: "rider-3" });
    expect(touched!.createdAt).toEqual(session.createdAt);
    expect(touched!.expiresAt.getTime()).toBeGreaterThan(session.expiresAt.getTime());
    expect(await store.get(session.sessionId)).toEqual(touched);
    await store.close();
  });

  it("refuses a TTL that is not a positive number", async () => {
    const store = open();
    await expect(store.create("rider-4", 0)).rejects.toThrow(RangeError);
    await expect(store.create("rider-4", Number.NaN)).rejects.toThrow(RangeError);
    await store.close();
  });
}

describe("memorySessionStore", () => {
  behavesLikeASessionStore(() => memorySessionStore());

  it("stops returning a session once its TTL has passed", async () => {
    let now = 1_000_000;
    const store = memorySessionStore({ now: () => now });
    const session = await store.create("rider", 5_000);
    now += 4_999;
    expect(await store.get(session.sessionId)).toEqual(session);
    now += 1;
    expect(await store.get(session.sessionId)).toBeUndefined();
    expect(await store.touch(session.sessionId, 5_000)).toBeUndefined();
    await store.close();
  });

  it("sweeps expired sessions nobody reads again out of memory", async () => {
    let now = 1_000_000;
    const store = memorySessionStore({ now: () => now, sweepIntervalMs: 5 });
    await store.create("gone", 1_000);
    await store.create("stays", 60_000);
    expect(store.size).toBe(2);
    now += 2_000;
    await vi.waitFor(() => expect(store.size).toBe(1), { timeout: 2_000 });
    await store.close();
  });
});

describe.skipIf(redis === undefined)("redisSessionStore", () => {
  let n = 0;
  const open = () => redisSessionStore(redis!, { prefix: testPrefix(`sessions-${n++}`) });

  behavesLikeASessionStore(open);

  it("stores the session under the prefix with a Redis TTL, so Redis expires it", async () => {
    const prefix = testPrefix("ttl");
    const store = redisSessionStore(redis!, { prefix });
    const session = await store.create("rider", 30_000);
    const pttl = await redis!.pttl(`${prefix}session:${session.sessionId}`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(30_000);
    await store.close();
  });

  it("stops returning a session once its TTL has passed", async () => {
    const store = open();
    const session = await store.create("rider", 150);
    await vi.waitFor(async () => expect(await store.get(session.sessionId)).toBeUndefined(), {
      timeout: 5_000,
      interval: 50,
    });
    // Touching an expired session must not bring it back.
    expect(await store.touch(session.sessionId, 60_000)).toBeUndefined();
    expect(await store.get(session.sessionId)).toBeUndefined();
  });

  it("shares sessions between two separate Redis connections", async () => {
    const prefix = testPrefix("two-clients");
    const writer = redisSessionStore(redisUrl, { prefix });
    const reader = redisSessionStore(redisUrl, { prefix });
    const session = await writer.create("rider-shared", 60_000);
    expect(await reader.get(session.sessionId)).toEqual(session);
    expect(await reader.delete(session.sessionId)).toBe(true);
    expect(await writer.get(session.sessionId)).toBeUndefined();
    await Promise.all([writer.close(), reader.close()]);
  });

  it("reads a session that another process created", async () => {
    const prefix = testPrefix("child");
    const child = spawnFixture("create-session", [redisUrl, prefix, "rider-from-child", 60_000]);
    const printed = JSON.parse(await child.nextLine()) as { sessionId: string; expiresAt: string };
    expect(await child.exited).toBe(0);
    const store = redisSessionStore(redis!, { prefix });
    const session = await store.get(printed.sessionId);
    expect(session?.riderId).toBe("rider-from-child");
    expect(session?.expiresAt.toISOString()).toBe(printed.expiresAt);
  });

  it("refuses a record it did not write instead of inventing a session", async () => {
    const prefix = testPrefix("malformed");
    await redis!.set(`${prefix}session:bad`, JSON.stringify({ riderId: 42 }), "PX", 60_000);
    await redis!.set(`${prefix}session:not-json`, "{", "PX", 60_000);
    const store = redisSessionStore(redis!, { prefix });
    await expect(store.get("bad")).rejects.toThrow(/malformed/);
    await expect(store.get("not-json")).rejects.toThrow(/malformed/);
  });

  it("leaves a client it was given open on close", async () => {
    const own = new Redis(redisUrl);
    const store = redisSessionStore(own, { prefix: testPrefix("borrowed") });
    await store.close();
    expect(await own.ping()).toBe("PONG");
    await own.quit();
  });
});
