import type { LatLon } from "./geo.js";
import type { Avoid, Route } from "./path.js";

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

/**
 * Books rides. Sessions live in the shared session store; a driver is taken under a lock so no
 * driver is ever booked twice, even across ride-service processes.
 */
export interface RideService {
  /** Starts a session for a rider; it expires after the service's session TTL. */
  login(riderId: string): Promise<Session>;
  /**
   * Books the nearest free driver for a trip routed around what `avoid` names:
   * `unauthenticated` for an unknown or expired session, `not_found` when no route avoids it,
   * `resource_exhausted` when no driver is free.
   */
  placeMyRide(sessionId: string, from: LatLon, to: LatLon, avoid?: Avoid[]): Promise<Booking>;
  /** The ride as it happens, from assignment to arrival. */
  rideUpdates(bookingId: string): AsyncIterable<RideUpdate>;
  /** Cancels a booking and frees its driver. */
  cancelRide(sessionId: string, bookingId: string): Promise<void>;
  /** The drivers board now, then again each time a driver is booked or freed. */
  driverBoard(): AsyncIterable<DriverBoard>;
}
