import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import {
  type BookingRecord,
  type BookingStore,
  memoryBookingStore,
  redisBookingStore,
} from "../../src/state/booking-store.js";
import { redisForThisFile, redisUrl, testPrefix } from "./helpers.js";

const redis = await redisForThisFile("redisBookingStore tests");

function record(bookingId: string): BookingRecord {
  return {
    booking: {
      bookingId,
      driverId: "d-007",
      riderId: "rider-1",
      driverPosition: { lat: 48.85, lon: 2.35 },
      route: {
        distanceMeters: 1200,
        etaSeconds: 180,
        path: [
          { lat: 48.85, lon: 2.35 },
          { lat: 48.86, lon: 2.34 },
        ],
      },
      bookedAt: new Date("2026-01-02T03:04:05.678Z"),
    },
    sessionId: "session-1",
    lockToken: "token-1",
  };
}

/** What every store must do, whatever it keeps bookings in. */
function behavesLikeABookingStore(open: () => BookingStore) {
  it("returns the booking it kept, dates included, until it is taken", async () => {
    const store = open();
    await store.put(record("b-1"), 60_000);
    expect(await store.get("b-1")).toEqual(record("b-1"));
    expect(await store.take("b-1")).toEqual(record("b-1"));
    expect(await store.get("b-1")).toBeUndefined();
    expect(await store.take("b-1")).toBeUndefined();
    await store.close();
  });

  it("hands a booking to one of several callers taking it at once", async () => {
    const store = open();
    await store.put(record("b-2"), 60_000);
    const taken = await Promise.all(Array.from({ length: 10 }, () => store.take("b-2")));
    expect(taken.filter((r) => r !== undefined)).toHaveLength(1);
    await store.close();
  });
}

describe("memoryBookingStore", () => {
  behavesLikeABookingStore(memoryBookingStore);
});

describe.skipIf(redis === undefined)("redisBookingStore", () => {
  let n = 0;
  const open = () => redisBookingStore(redis!, { prefix: testPrefix(`bookings-${n++}`) });

  behavesLikeABookingStore(open);

  it("serves a booking made through one connection to another, as replicas share them", async () => {
    const prefix = testPrefix("shared");
    const other = new Redis(redisUrl);
    try {
      const booked = redisBookingStore(redis!, { prefix });
      const elsewhere = redisBookingStore(other, { prefix });
      await booked.put(record("b-3"), 60_000);
      expect(await elsewhere.get("b-3")).toEqual(record("b-3"));
      const pttl = await redis!.pttl(`${prefix}booking:b-3`);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(60_000);
      expect(await elsewhere.take("b-3")).toEqual(record("b-3"));
      expect(await booked.get("b-3")).toBeUndefined();
    } finally {
      await other.quit();
    }
  });
});
