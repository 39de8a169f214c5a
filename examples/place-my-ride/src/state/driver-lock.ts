/**
 * Driver locks: the seed's "synchronization" pattern. Booking a driver means holding that
 * driver's lock, so two bookings (in one process or in many) never get the same driver.
 *
 * Every lock has a TTL and a random token. The TTL is what frees a driver whose holder died
 * (a crashed process cannot release anything); the token is what stops a slow holder whose
 * lock already expired, and was taken by someone else, from releasing the new holder's lock.
 */
import { randomUUID } from "node:crypto";
import { closeRedis, type RedisLike, resolveRedis, ttlMillis } from "./redis.js";

/** A held lock. It stops protecting the driver when released or when its TTL runs out. */
export interface LockHandle {
  readonly driverId: string;
  /** Proves ownership; a release or extend with another token does nothing. */
  readonly token: string;
  /** Frees the driver; `false` if this handle no longer held it (expired or released). */
  release(): Promise<boolean>;
  /** Keeps holding for `ttlMs` from now; `false` if the lock was already lost. */
  extend(ttlMs: number): Promise<boolean>;
}

/** Per-driver mutual exclusion with expiry. */
export interface DriverLock {
  /** Takes the driver's lock for `ttlMs`, or `undefined` at once if someone holds it. */
  tryAcquire(driverId: string, ttlMs: number): Promise<LockHandle | undefined>;
  /**
   * Releases by token, for a holder that kept only the token (say, in a booking record read by
   * another process). `false` unless the lock is currently held with exactly this token.
   */
  release(driverId: string, token: string): Promise<boolean>;
  /** Extends by token; `false` unless the lock is currently held with exactly this token. */
  extend(driverId: string, token: string, ttlMs: number): Promise<boolean>;
  /** Whether anyone holds the driver right now (a snapshot, for status and tests). */
  isLocked(driverId: string): Promise<boolean>;
  /** Closes connections the lock opened itself. Held locks are left to their TTLs. */
  close(): Promise<void>;
}

/** Builds a handle whose methods go through the lock's token-checked operations. */
function handleFor(lock: DriverLock, driverId: string, token: string): LockHandle {
  return {
    driverId,
    token,
    release: () => lock.release(driverId, token),
    extend: (ttlMs) => lock.extend(driverId, token, ttlMs),
  };
}

/** Options for {@link memoryDriverLock}. */
export interface MemoryDriverLockOptions {
  /** The clock, in epoch milliseconds; tests pass a fake one. */
  readonly now?: () => number;
}

/**
 * Locks in a `Map` in this process. Each operation checks and updates the map with no `await`
 * in between, and JavaScript runs one piece of code at a time, so acquisition is atomic without
 * a mutex. Expired entries are simply treated as free (and overwritten); the map never holds
 * more entries than there are drivers, so there is nothing to sweep.
 */
export function memoryDriverLock(options: MemoryDriverLockOptions = {}): DriverLock {
  const now = options.now ?? Date.now;
  const held = new Map<string, { token: string; expiresAt: number }>();
  const holding = (driverId: string, token: string): boolean => {
    const entry = held.get(driverId);
    return entry !== undefined && entry.token === token && entry.expiresAt > now();
  };

  const lock: DriverLock = {
    async tryAcquire(driverId, ttlMs) {
      const ttl = ttlMillis(ttlMs);
      const entry = held.get(driverId);
      if (entry !== undefined && entry.expiresAt > now()) return undefined;
      const token = randomUUID();
      held.set(driverId, { token, expiresAt: now() + ttl });
      return handleFor(lock, driverId, token);
    },
    async release(driverId, token) {
      if (!holding(driverId, token)) return false;
      held.delete(driverId);
      return true;
    },
    async extend(driverId, token, ttlMs) {
      const ttl = ttlMillis(ttlMs);
      if (!holding(driverId, token)) return false;
      held.set(driverId, { token, expiresAt: now() + ttl });
      return true;
    },
    async isLocked(driverId) {
      const entry = held.get(driverId);
      return entry !== undefined && entry.expiresAt > now();
    },
    async close() {
      held.clear();
    },
  };
  return lock;
}

/** Options for {@link redisDriverLock}. */
export interface RedisDriverLockOptions {
  /** Prepended to every key, e.g. `pmr:` → `pmr:driver-lock:<driverId>`. */
  readonly prefix: string;
}

// Compare-and-delete: only the token's owner may free the lock. A plain GET then DEL from the
// client could delete a lock that expired and was re-acquired between the two commands; a
// script runs atomically inside Redis, so nothing can happen in between.
const RELEASE_SCRIPT = `
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`;

// Compare-and-pexpire: the same guard for extending, so a lost lock is not revived.
const EXTEND_SCRIPT = `
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return 0`;

/**
 * Locks in Redis, shared by every process using the same prefix: `SET key token NX PX ttl`
 * acquires (atomic in Redis, so exactly one of any number of concurrent callers wins), and the
 * scripts above release and extend only with the right token. Pass a URL to let the lock own
 * its connection (closed by `close()`), or a client to share one.
 */
export function redisDriverLock(
  redisOrUrl: RedisLike,
  options: RedisDriverLockOptions,
): DriverLock {
  const { redis, owned } = resolveRedis(redisOrUrl);
  const key = (driverId: string) => `${options.prefix}driver-lock:${driverId}`;

  const lock: DriverLock = {
    async tryAcquire(driverId, ttlMs) {
      const ttl = ttlMillis(ttlMs);
      const token = randomUUID();
      const ok = await redis.set(key(driverId), token, "PX", ttl, "NX");
      return ok === "OK" ? handleFor(lock, driverId, token) : undefined;
    },
    async release(driverId, token) {
      // Redis caches the compiled script by its hash, so EVAL costs a parse only once.
      return (await redis.eval(RELEASE_SCRIPT, 1, key(driverId), token)) === 1;
    },
    async extend(driverId, token, ttlMs) {
      const ttl = ttlMillis(ttlMs);
      return (await redis.eval(EXTEND_SCRIPT, 1, key(driverId), token, ttl)) === 1;
    },
    async isLocked(driverId) {
      return (await redis.exists(key(driverId))) === 1;
    },
    async close() {
      if (owned) await closeRedis(redis);
    },
  };
  return lock;
}
