import { randomUUID } from "node:crypto";
import { type CallContext, RpcCode, RpcError } from "@rpcgen/runtime";
import { isPathServiceError, type PathServiceClient } from "../gen/path.js";
import type { RideServiceErrors, RideServiceHandlers } from "../gen/ride.js";
import type { BookingStore, DriverLock, DriverPool, SessionStore } from "../state/index.js";
import { rideSteps } from "./ride-steps.js";
import type { Booking, RideUpdate, Route } from "./types.js";

/** What a ride service runs on. */
export interface RideServiceDeps {
  readonly sessions: SessionStore;
  readonly pool: DriverPool;
  /** The locks under the pool, to free a driver that another process booked. */
  readonly locks: DriverLock;
  /** Bookings, in this process or shared (Redis) so any replica serves any booking. */
  readonly bookings: BookingStore;
  readonly paths: PathServiceClient;
  /** How long a login stays valid. */
  readonly sessionTtlMs: number;
  /** How long a booked driver stays held if nobody finishes or cancels the ride. */
  readonly bookingTtlMs: number;
  /** Pause between two ride updates (a simulated ride runs in a few of them). */
  readonly stepMs: number;
  /** Budget for the route when the caller set no deadline. */
  readonly routeTimeoutMs: number;
  /**
   * How often `driverBoard` looks at the driver locks, in ms (default 250): another process
   * sharing the locks, or a lock's TTL, can free a driver without this process hearing of it.
   */
  readonly boardPollMs?: number;
}

/**
 * RideService: sessions in the shared store, the route from PathService over RPC, and the
 * nearest free driver under a lock. Bookings live in the booking store: with Redis, any
 * ride-service process follows or cancels a ride whichever process booked it.
 */
export function rideHandlers(deps: RideServiceDeps): RideServiceHandlers {
  const sessionOf = async (sessionId: string) => {
    const session = await deps.sessions.get(sessionId);
    if (session === undefined) {
      throw new RpcError(
        RpcCode.Unauthenticated,
        `session ${sessionId} is unknown or expired: log in again`,
      );
    }
    return session;
  };

  const finish = async (bookingId: string) => {
    const entry = await deps.bookings.take(bookingId);
    if (entry === undefined) return;
    // The pool frees drivers it claimed itself; a driver another process booked is freed by
    // the token the booking kept.
    const { driverId } = entry.booking;
    if (!(await deps.pool.release(driverId))) await deps.locks.release(driverId, entry.lockToken);
  };

  return {
    async login(riderId) {
      if (riderId.length === 0) {
        throw new RpcError(RpcCode.InvalidArgument, "riderId: expected a non-empty string");
      }
      const session = await deps.sessions.create(riderId, deps.sessionTtlMs);
      return { sessionId: session.sessionId, riderId, expiresAt: session.expiresAt };
    },

    async placeMyRide(sessionId, from, to, avoid, ctx) {
      const session = await sessionOf(sessionId);
      // The route comes first: a trip that cannot be routed never holds a driver.
      let route: Route;
      try {
        route = await deps.paths.shortestPath(
          avoid === undefined || avoid.length === 0 ? { from, to } : { from, to, avoid },
          { deadline: ctx.deadline ?? Date.now() + deps.routeTimeoutMs, signal: ctx.signal },
        );
      } catch (error) {
        throw forRider(error, ctx);
      }
      const claim = await deps.pool.claimNearest(from, { ttlMs: deps.bookingTtlMs });
      if (claim === undefined) {
        const drivers = deps.pool.drivers.length;
        throw ctx.error(
          "NoDriverFree",
          { drivers },
          `no driver is free: all ${drivers} drivers are booked; try again shortly`,
        );
      }
      const booking: Booking = {
        bookingId: randomUUID(),
        driverId: claim.driverId,
        riderId: session.riderId,
        driverPosition: claim.position,
        route,
        bookedAt: new Date(),
      };
      await deps.bookings.put(
        { booking, sessionId, lockToken: claim.handle.token },
        deps.bookingTtlMs,
      );
      return booking;
    },

    async *rideUpdates(bookingId, ctx) {
      const entry = await deps.bookings.get(bookingId);
      if (entry === undefined) {
        throw new RpcError(RpcCode.NotFound, `booking ${bookingId} is not known to this service`);
      }
      for (const update of rideSteps(entry.booking)) {
        await pause(deps.stepMs, ctx.signal);
        yield update satisfies RideUpdate;
      }
      await finish(bookingId);
    },

    async cancelRide(sessionId, bookingId) {
      await sessionOf(sessionId);
      const entry = await deps.bookings.get(bookingId);
      if (entry === undefined || entry.sessionId !== sessionId) {
        throw new RpcError(
          RpcCode.NotFound,
          `booking ${bookingId} is not a booking of this session`,
        );
      }
      await finish(bookingId);
    },

    async *driverBoard(ctx) {
      let last = "";
      while (!ctx.signal.aborted) {
        const drivers = await Promise.all(
          deps.pool.drivers.map(async ({ driverId, position }) => ({
            driverId,
            position,
            booked: await deps.locks.isLocked(driverId),
          })),
        );
        const key = drivers.map((d) => (d.booked ? "1" : "0")).join("");
        if (key !== last) {
          last = key;
          const booked = drivers.filter((d) => d.booked).length;
          yield { drivers, booked, free: drivers.length - booked };
        }
        await pause(deps.boardPollMs ?? 250, ctx.signal);
      }
    },
  };
}

/**
 * What the rider gets when the path service refuses the trip with an error it declares: the
 * same message, as the ride service's own declared error in the rider's words. Anything else
 * (the path service unavailable, a deadline) goes up as it is.
 */
function forRider(error: unknown, ctx: CallContext<RideServiceErrors["placeMyRide"]>): unknown {
  if (!isPathServiceError.shortestPath(error)) return error;
  switch (error.type) {
    case "OutOfArea": {
      const end = error.details.point === "from" ? "pickup" : "dropoff";
      return ctx.error("OffTheMap", { end, bounds: error.details.bounds }, error.message);
    }
    case "Unreachable": {
      const { avoid } = error.details;
      return ctx.error("NoRoute", avoid === undefined ? {} : { avoid }, error.message);
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
