// The service's message types, as declared in the IDL.
export type { LatLon } from "../../services/geo.js";
export type { Route } from "../../services/path.js";
export type { Booking, RideUpdate } from "../../services/ride.js";
