/**
 * Rider sessions: the seed's "shared memory" pattern. Every ride-service process reads and
 * writes the same sessions, so a rider who logged in through one process is known to all of
 * them. In-process by default; Redis when the processes must share.
 */
import { randomUUID } from "node:crypto";
import { closeRedis, type RedisLike, resolveRedis, ttlMillis } from "./redis.js";

/** A logged-in rider. `expiresAt` moves forward when the session is touched. */
export interface Session {
  readonly sessionId: string;
  readonly riderId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** Where sessions live. Every method is safe to call from many processes at once (Redis). */
export interface SessionStore {
  /** Starts a session for `riderId` that expires `ttlMs` from now. */
  create(riderId: string, ttlMs: number): Promise<Session>;
  /** The live session, or `undefined` if it never existed, expired or was deleted. */
  get(sessionId: string): Promise<Session | undefined>;
  /** Extends a live session to expire `ttlMs` from now; `undefined` if it is not live. */
  touch(sessionId: string, ttlMs: number): Promise<Session | undefined>;
  /** Ends a session (logout); `true` if it was live. */
  delete(sessionId: string): Promise<boolean>;
  /** Stops timers and closes connections the store opened itself. */
  close(): Promise<void>;
}

/** Options for {@link memorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** How often expired sessions are dropped from memory (default 30 s). */
  readonly sweepIntervalMs?: number;
  /** The clock, in epoch milliseconds; tests pass a fake one. */
  readonly now?: () => number;
}

/** The in-process store, with a count of the sessions it still holds in memory. */
export interface MemorySessionStore extends SessionStore {
  /** Sessions held in memory, expired ones included until the sweeper or a read drops them. */
  readonly size: number;
}

/**
 * Sessions in a `Map` in this process. Expiry is checked on every read, so an expired session
 * is never returned; the sweeper only exists so sessions nobody reads again do not pile up.
 */
export function memorySessionStore(options: MemorySessionStoreOptions = {}): MemorySessionStore {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();
  const live = (sessionId: string): Session | undefined => {
    const session = sessions.get(sessionId);
    if (session === undefined) return undefined;
    if (session.expiresAt.getTime() > now()) return session;
    sessions.delete(sessionId);
    return undefined;
  };
  const sweeper = setInterval(() => {
    const t = now();
    for (const [id, session] of sessions) if (session.expiresAt.getTime() <= t) sessions.delete(id);
  }, options.sweepIntervalMs ?? 30_000);
  // The sweeper is housekeeping: it must not keep a process alive that has nothing else to do.
  sweeper.unref();

  return {
    get size() {
      return sessions.size;
    },
    async create(riderId, ttlMs) {
      const ttl = ttlMillis(ttlMs);
      const t = now();
      const session: Session = {
        sessionId: randomUUID(),
        riderId,
        createdAt: new Date(t),
        expiresAt: new Date(t + ttl),
      };
      sessions.set(session.sessionId, session);
      return session;
    },
    async get(sessionId) {
      return live(sessionId);
    },
    async touch(sessionId, ttlMs) {
      const ttl = ttlMillis(ttlMs);
      const session = live(sessionId);
      if (session === undefined) return undefined;
      const touched: Session = { ...session, expiresAt: new Date(now() + ttl) };
      sessions.set(sessionId, touched);
      return touched;
    },
    async delete(sessionId) {
      const existed = live(sessionId) !== undefined;
      sessions.delete(sessionId);
      return existed;
    },
    async close() {
      clearInterval(sweeper);
      sessions.clear();
    },
  };
}

/** Options for {@link redisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** Prepended to every key, e.g. `pmr:` → `pmr:session:<id>`; keeps apps and tests apart. */
  readonly prefix: string;
}

/** What is stored under a session's key: JSON, dates as epoch milliseconds. */
interface StoredSession {
  riderId: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * Sessions in Redis, one key per session holding JSON, set with `PX` so Redis itself drops a
 * session when it expires: no sweeper, and every process sees the same expiry. Pass a URL to
 * let the store own its connection (closed by `close()`), or a client to share one.
 */
export function redisSessionStore(
  redisOrUrl: RedisLike,
  options: RedisSessionStoreOptions,
): SessionStore {
  const { redis, owned } = resolveRedis(redisOrUrl);
  const key = (sessionId: string) => `${options.prefix}session:${sessionId}`;

  return {
    async create(riderId, ttlMs) {
      const ttl = ttlMillis(ttlMs);
      const t = Date.now();
      const stored: StoredSession = { riderId, createdAt: t, expiresAt: t + ttl };
      const sessionId = randomUUID();
      // NX: a UUID collision is practically impossible, but if it ever happened we must not
      // hand one rider another rider's session.
      const ok = await redis.set(key(sessionId), JSON.stringify(stored), "PX", ttl, "NX");
      if (ok !== "OK") throw new Error(`session id collision on ${sessionId}`);
      return toSession(sessionId, stored);
    },
    async get(sessionId) {
      const raw = await redis.get(key(sessionId));
      return raw === null ? undefined : toSession(sessionId, parseStored(raw, sessionId));
    },
    async touch(sessionId, ttlMs) {
      const ttl = ttlMillis(ttlMs);
      const raw = await redis.get(key(sessionId));
      if (raw === null) return undefined;
      const stored = { ...parseStored(raw, sessionId), expiresAt: Date.now() + ttl };
      // XX: if the session expired or was deleted since the GET, do not bring it back.
      const ok = await redis.set(key(sessionId), JSON.stringify(stored), "PX", ttl, "XX");
      return ok === "OK" ? toSession(sessionId, stored) : undefined;
    },
    async delete(sessionId) {
      return (await redis.del(key(sessionId))) > 0;
    },
    async close() {
      if (owned) await closeRedis(redis);
    },
  };
}

function toSession(sessionId: string, stored: StoredSession): Session {
  return {
    sessionId,
    riderId: stored.riderId,
    createdAt: new Date(stored.createdAt),
    expiresAt: new Date(stored.expiresAt),
  };
}

/** Parses a stored value, refusing anything that is not what `create` wrote. */
function parseStored(raw: string, sessionId: string): StoredSession {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (
    typeof value === "object" &&
    value !== null &&
    "riderId" in value &&
    typeof value.riderId === "string" &&
    "createdAt" in value &&
    typeof value.createdAt === "number" &&
    "expiresAt" in value &&
    typeof value.expiresAt === "number"
  ) {
    return { riderId: value.riderId, createdAt: value.createdAt, expiresAt: value.expiresAt };
  }
  throw new Error(`session ${sessionId} holds a malformed record: ${raw.slice(0, 100)}`);
}
