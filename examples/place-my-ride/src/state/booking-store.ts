/**
 * Bookings: which driver a booking holds, with the lock token that frees it, for as long as
 * the ride may run. In-process by default; in Redis when several ride-service replicas must
 * serve the same bookings (behind NATS any replica may get a booking's `rideUpdates` or
 * `cancelRide`, not only the one that booked it).
 */
import type { Booking } from "../ride-service/types.js";
import { closeRedis, type RedisLike, resolveRedis, ttlMillis } from "./redis.js";

/** A booking and what ending it needs. */
export interface BookingRecord {
  readonly booking: Booking;
  /** The session that booked it: only that session may cancel it. */
  readonly sessionId: string;
  /** The driver lock's token, so any process can free the driver (`DriverLock.release`). */
  readonly lockToken: string;
}

/** Where bookings live. Every method is safe to call from many processes at once (Redis). */
export interface BookingStore {
  /** Keeps `record` for `ttlMs` (the driver lock's TTL: a booking never outlives its driver). */
  put(record: BookingRecord, ttlMs: number): Promise<void>;
  /** The live booking, or `undefined`. */
  get(bookingId: string): Promise<BookingRecord | undefined>;
  /** Removes a booking and returns it; of callers racing to end it, one gets it. */
  take(bookingId: string): Promise<BookingRecord | undefined>;
  /** Closes connections the store opened itself. */
  close(): Promise<void>;
}

/** Bookings in this process's memory, each dropped when its TTL runs out. */
export function memoryBookingStore(): BookingStore {
  const records = new Map<string, { record: BookingRecord; timer: NodeJS.Timeout }>();
  const drop = (bookingId: string) => {
    const entry = records.get(bookingId);
    if (entry === undefined) return undefined;
    clearTimeout(entry.timer);
    records.delete(bookingId);
    return entry.record;
  };
  return {
    async put(record, ttlMs) {
      const id = record.booking.bookingId;
      drop(id);
      const timer = setTimeout(() => records.delete(id), ttlMs);
      timer.unref();
      records.set(id, { record, timer });
    },
    async get(bookingId) {
      return records.get(bookingId)?.record;
    },
    async take(bookingId) {
      return drop(bookingId);
    },
    async close() {
      for (const id of [...records.keys()]) drop(id);
    },
  };
}

/** Options for {@link redisBookingStore}. */
export interface RedisBookingStoreOptions {
  /** Key prefix; keys are `<prefix>booking:<bookingId>`. Default `pmr:`. */
  readonly prefix?: string;
}

/**
 * Bookings in Redis as JSON with a TTL, shared by every ride-service process; `take` is one
 * GETDEL, so two replicas ending the same booking cannot both free its driver.
 */
export function redisBookingStore(
  redisLike: RedisLike,
  options: RedisBookingStoreOptions = {},
): BookingStore {
  const { redis, owned } = resolveRedis(redisLike);
  const key = (bookingId: string) => `${options.prefix ?? "pmr:"}booking:${bookingId}`;
  return {
    async put(record, ttlMs) {
      await redis.set(
        key(record.booking.bookingId),
        JSON.stringify(record),
        "PX",
        ttlMillis(ttlMs),
      );
    },
    async get(bookingId) {
      return parse(await redis.get(key(bookingId)));
    },
    async take(bookingId) {
      return parse(await redis.getdel(key(bookingId)));
    },
    async close() {
      if (owned) await closeRedis(redis);
    },
  };
}

function parse(json: string | null): BookingRecord | undefined {
  if (json === null) return undefined;
  const record = JSON.parse(json) as BookingRecord;
  // JSON has no dates: the one date of a booking comes back from its ISO string.
  return { ...record, booking: { ...record.booking, bookedAt: new Date(record.booking.bookedAt) } };
}
