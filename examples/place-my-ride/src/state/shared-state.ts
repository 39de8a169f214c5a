/**
 * Chooses where shared state lives: Redis when a URL is given (or `REDIS_URL` is set), so many
 * ride-service processes share sessions and driver locks; otherwise in this process, which is
 * all a single process needs and lets the example run with nothing installed.
 */
import type { Redis } from "ioredis";
import { type BookingStore, memoryBookingStore, redisBookingStore } from "./booking-store.js";
import { type DriverLock, memoryDriverLock, redisDriverLock } from "./driver-lock.js";
import { closeRedis, connectRedis } from "./redis.js";
import { memorySessionStore, redisSessionStore, type SessionStore } from "./session-store.js";

/** Options for {@link createSharedState}. */
export interface SharedStateOptions {
  /** Redis to share state through; defaults to `process.env.REDIS_URL`. Empty means none. */
  readonly redisUrl?: string | undefined;
  /** Key prefix in Redis, so apps (and test runs) sharing one Redis stay apart. */
  readonly prefix?: string;
}

/** The session store and driver lock a ride service uses, and how to close both. */
export interface SharedState {
  /** `redis` when processes share state, `memory` when it lives in this process only. */
  readonly kind: "memory" | "redis";
  readonly sessions: SessionStore;
  readonly locks: DriverLock;
  /** Bookings, so any ride-service process can follow or cancel a ride another one booked. */
  readonly bookings: BookingStore;
  /** The Redis connection both share, when `kind` is `redis`. */
  readonly redis: Redis | undefined;
  /** Closes the store, the lock and the connection; held locks are left to their TTLs. */
  close(): Promise<void>;
}

/**
 * Opens the shared state. With Redis it connects first and rejects with a clear message if
 * Redis does not answer, so a misconfigured service fails at start-up, not on its first ride.
 */
export async function createSharedState(options: SharedStateOptions = {}): Promise<SharedState> {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
  if (redisUrl === undefined || redisUrl === "") {
    const sessions = memorySessionStore();
    const locks = memoryDriverLock();
    const bookings = memoryBookingStore();
    return {
      kind: "memory",
      sessions,
      locks,
      bookings,
      redis: undefined,
      async close() {
        await Promise.all([sessions.close(), locks.close(), bookings.close()]);
      },
    };
  }
  const redis = await connectRedis(redisUrl);
  const prefix = options.prefix ?? "pmr:";
  // One connection for both: they are small commands, and ioredis pipelines them.
  const sessions = redisSessionStore(redis, { prefix });
  const locks = redisDriverLock(redis, { prefix });
  const bookings = redisBookingStore(redis, { prefix });
  return {
    kind: "redis",
    sessions,
    locks,
    bookings,
    redis,
    async close() {
      await Promise.all([sessions.close(), locks.close()]);
      await closeRedis(redis);
    },
  };
}
