import type { LatLon } from "./geo.js";
import type { Avoid, MapBounds, Route } from "./path.js";

export interface Session {
  sessionId: string;
  riderId: string;
  expiresAt: Date;
}

export interface Booking {
  bookingId: string;
  driverId: string;
  riderId: string;
  /** Where the driver was when booked. */
  driverPosition: LatLon;
  route: Route;
  bookedAt: Date;
}

/** One step of a ride, as the rider's app shows it. */
export type RideUpdate =
  | { kind: "assigned"; driverId: string; etaSeconds: number }
  | { kind: "approaching"; position: LatLon; etaSeconds: number }
  | { kind: "picked_up"; position: LatLon }
  | { kind: "progress"; position: LatLon; remainingMeters: number; etaSeconds: number }
  | { kind: "arrived"; position: LatLon; distanceMeters: number };

/** A driver as the drivers board shows them. */
export interface DriverStatus {
  driverId: string;
  /** Where the driver waits for a booking. */
  position: LatLon;
  /** Whether a ride holds the driver (in any ride-service process sharing the locks). */
  booked: boolean;
}

/** Every driver, free and booked, at one moment. */
export interface DriverBoard {
  drivers: DriverStatus[];
  free: number;
  booked: number;
}

/** A trip end lies off the map rides are planned on. */
export interface OffTheMap {
  code: "out_of_range";
  /** Which end of the trip. */
  end: "pickup" | "dropoff";
  bounds: MapBounds;
}

/** No route joins the trip's ends. */
export interface NoRoute {
  code: "not_found";
  /** The road kinds the rider avoids, when they are to blame: without them a route exists. */
  avoid?: Avoid[];
}

/** Every driver is booked. */
export interface NoDriverFree {
  code: "resource_exhausted";
  /** How many drivers the service has, all of them booked. */
  drivers: number;
}

/**
 * Books rides. Sessions live in the shared session store; a driver is taken under a lock so no
 * driver is ever booked twice, even across ride-service processes.
 */
export interface RideService {
  /** Starts a session for a rider; it expires after the service's session TTL. */
  login(riderId: string): Promise<Session>;
  /**
   * Books the nearest free driver for a trip routed around what `avoid` names;
   * `unauthenticated` for an unknown or expired session.
   * @throws {OffTheMap | NoRoute | NoDriverFree}
   */
  placeMyRide(sessionId: string, from: LatLon, to: LatLon, avoid?: Avoid[]): Promise<Booking>;
  /** The ride as it happens, from assignment to arrival. */
  rideUpdates(bookingId: string): AsyncIterable<RideUpdate>;
  /** Cancels a booking and frees its driver. */
  cancelRide(sessionId: string, bookingId: string): Promise<void>;
  /** The drivers board now, then again each time a driver is booked or freed. */
  driverBoard(): AsyncIterable<DriverBoard>;
}
