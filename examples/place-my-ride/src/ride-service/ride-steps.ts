import type { Booking, LatLon, RideUpdate } from "./types.js";

/** Points on the straight line from `a` to `b`, excluding `a`, including `b`. */
function towards(a: LatLon, b: LatLon, steps: number): LatLon[] {
  return Array.from({ length: steps }, (_, i) => {
    const t = (i + 1) / steps;
    return { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t };
  });
}

/** Up to `count` points of `path`, evenly spaced, ending at its last point. */
function sample(path: readonly LatLon[], count: number): LatLon[] {
  if (path.length <= count) return [...path];
  return Array.from(
    { length: count },
    (_, i) => path[Math.round(((i + 1) * (path.length - 1)) / count)]!,
  );
}

/**
 * The simulated ride: the driver is assigned, drives to the pickup, picks the rider up,
 * follows the route and arrives. Positions come from the booking, so every process that holds
 * the booking tells the same story.
 */
export function* rideSteps(booking: Booking): Generator<RideUpdate> {
  const { route } = booking;
  const pickup = route.path[0] ?? booking.driverPosition;
  const approachSeconds = 120;
  yield { kind: "assigned", driverId: booking.driverId, etaSeconds: approachSeconds };
  const approach = towards(booking.driverPosition, pickup, 3);
  for (const [i, position] of approach.entries()) {
    yield {
      kind: "approaching",
      position,
      etaSeconds: (approachSeconds * (approach.length - 1 - i)) / approach.length,
    };
  }
  yield { kind: "picked_up", position: pickup };
  const points = sample(route.path, 5);
  for (const [i, position] of points.entries()) {
    const left = 1 - (i + 1) / points.length;
    if (i === points.length - 1) break;
    yield {
      kind: "progress",
      position,
      remainingMeters: route.distanceMeters * left,
      etaSeconds: route.etaSeconds * left,
    };
  }
  yield {
    kind: "arrived",
    position: route.path.at(-1) ?? pickup,
    distanceMeters: route.distanceMeters,
  };
}
