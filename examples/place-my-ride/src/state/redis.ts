import { once } from "node:events";
import { Redis } from "ioredis";

/** A Redis client, or the URL to open one from (`redis://host:port/db`). */
export type RedisLike = Redis | string;

/**
 * Opens a client for `url` with settings suited to a request-serving process: a command issued
 * while Redis is unreachable fails after one reconnection attempt instead of twenty (ioredis's
 * default), so a booking during an outage surfaces as an error the caller can map to
 * `unavailable` rather than a call that hangs until its deadline.
 */
export function openRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
}

/**
 * Opens a client for `url` and waits until Redis answers PING, so a service with a wrong
 * `REDIS_URL` fails at start-up with a clear message instead of on its first request.
 */
export async function connectRedis(url: string, timeoutMs = 3_000): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: timeoutMs,
    // While connecting, give up instead of retrying: the caller gets the error now.
    retryStrategy: () => null,
  });
  // ioredis reports the socket's error (ECONNREFUSED, ...) as an event, and connect() rejects
  // only with "Connection is closed"; keep the event's error for a message that says why.
  let socketError: Error | undefined;
  const onError = (error: Error) => {
    socketError = error;
  };
  redis.on("error", onError);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const cause = socketError ?? (error as Error);
    throw new Error(`cannot reach Redis at ${url}: ${cause.message}`, { cause });
  }
  redis.off("error", onError);
  // Once up, reconnect with ioredis's usual backoff if the connection drops later.
  redis.options.retryStrategy = (times: number) => Math.min(times * 100, 2_000);
  return redis;
}

/**
 * Resolves a `RedisLike` to a client and whether we own it: a client we opened from a URL is
 * ours to quit on close, one passed in belongs to the caller (it may be shared).
 */
export function resolveRedis(redis: RedisLike): { redis: Redis; owned: boolean } {
  return typeof redis === "string"
    ? { redis: openRedis(redis), owned: true }
    : { redis, owned: false };
}

/** Quits a client politely, falling back to a hard disconnect if it is not connected. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === "ready") {
    // Wait for "end", not just QUIT's reply, so the socket is really gone when close() returns.
    const ended = once(redis, "end");
    await redis.quit();
    await ended;
  } else {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix` (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}

/** Checks that a TTL is a positive number of milliseconds; Redis's PX wants an integer. */
export function ttlMillis(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`ttlMs must be a positive number of milliseconds, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}
