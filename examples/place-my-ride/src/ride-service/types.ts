// The service's message types, as declared in the IDL.
export type { LatLon } from "../../services/geo.js";
export type { Booking, RideUpdate } from "../../services/ride.js";
