"""Books a ride on placeMyRide's ride service over HTTP and prints the ride as it happens.

    python3 book_ride.py http://127.0.0.1:PORT [rider-id]

The URL is a ride service on HTTP (`pnpm ride-service --transport http --path-url URL`). The
client modules beside this script (ride.py, path.py) are generated; regenerate them with
`rpcgen generate --lang python services/path.ts services/ride.ts --out python`.
"""

from __future__ import annotations

import sys

from ride import (
    LatLon,
    NoDriverFree,
    NoRoute,
    OffTheMap,
    RideServiceClient,
    RideUpdate,
    RideUpdateApproaching,
    RideUpdateArrived,
    RideUpdateAssigned,
    RideUpdatePickedUp,
    RideUpdateProgress,
    RpcError,
)

# From the Louvre to the Gare de l'Est.
PICKUP = LatLon(lat=48.8606, lon=2.3376)
DROPOFF = LatLon(lat=48.8768, lon=2.3592)


def describe(update: RideUpdate) -> str:
    """One line per update; the match is exhaustive over the union's members."""
    match update:
        case RideUpdateAssigned(driver_id=driver, eta_seconds=eta):
            return f"assigned: driver {driver}, {eta:.0f} s away"
        case RideUpdateApproaching(position=at, eta_seconds=eta):
            return f"approaching: at ({at.lat:.5f}, {at.lon:.5f}), {eta:.0f} s away"
        case RideUpdatePickedUp(position=at):
            return f"picked up at ({at.lat:.5f}, {at.lon:.5f})"
        case RideUpdateProgress(remaining_meters=left, eta_seconds=eta):
            return f"on the way: {left:.0f} m to go, {eta:.0f} s"
        case RideUpdateArrived(distance_meters=distance):
            return f"arrived after {distance:.0f} m"


def main(url: str, rider: str) -> int:
    rides = RideServiceClient(url, timeout=30)
    session = rides.login(rider)
    print(f"logged in as {session.rider_id} until {session.expires_at:%H:%M:%S} UTC")
    try:
        booking = rides.place_my_ride(session.session_id, PICKUP, DROPOFF, avoid=["tolls"])
    except OffTheMap as error:
        print(f"the {error.details.end} is off the map: {error.message}", file=sys.stderr)
        return 1
    except NoRoute as error:
        print(f"no route avoiding {error.details.avoid}: {error.message}", file=sys.stderr)
        return 1
    except NoDriverFree as error:
        print(f"all {error.details.drivers:.0f} drivers are booked", file=sys.stderr)
        return 1
    route = booking.route
    print(
        f"booked {booking.booking_id}: driver {booking.driver_id}, "
        f"{route.distance_meters:.0f} m, {route.eta_seconds:.0f} s"
    )
    with rides.ride_updates(booking.booking_id) as updates:
        for update in updates:
            print(describe(update))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    try:
        sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "rider-py"))
    except RpcError as error:
        sys.exit(f"book_ride: {error.code}: {error.message}")
