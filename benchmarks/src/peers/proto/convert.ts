import type { LatLon, PathRequest } from "../../shared/service.js";

/**
 * Between the harness's plain messages (shared/service.ts) and the protobuf shapes of
 * path.proto, for the grpc and connect peers. Both libraries give camelCase fields and enum
 * numbers, so one converter serves both. The cost is part of what those peers measure: a
 * protobuf user maps to and from their domain types too, if only for the enum.
 */

/** path.proto's `Avoid` numbers (AVOID_TOLLS = 1, AVOID_HIGHWAYS = 2). */
const avoidTolls = 1;
const avoidHighways = 2;

/** A PathRequest as both protobuf libraries decode it: message fields may be absent. */
export interface ProtoPathRequest {
  readonly from?: LatLon | null | undefined;
  readonly to?: LatLon | null | undefined;
  readonly avoid: readonly number[];
  readonly payload: string;
}

/** The client side: our request as a protobuf init object. */
export function toProtoPathRequest(request: PathRequest): ProtoPathRequestInit {
  const avoid: number[] = [];
  if (request.avoid !== undefined) {
    for (const a of request.avoid) avoid.push(a === "tolls" ? avoidTolls : avoidHighways);
  }
  return { from: request.from, to: request.to, avoid, payload: request.payload ?? "" };
}

export interface ProtoPathRequestInit {
  from: LatLon;
  to: LatLon;
  avoid: number[];
  payload: string;
}

/**
 * The server side: protobuf decoding already checked every field's type; what proto3 cannot
 * say is that `from` and `to` are required and which enum numbers are known, so those are
 * checked here. Returns the problem as a string for the caller to turn into its framework's
 * INVALID_ARGUMENT error.
 */
export function fromProtoPathRequest(message: ProtoPathRequest): PathRequest | string {
  const { from, to } = message;
  if (from === undefined || from === null) return "from is required";
  if (to === undefined || to === null) return "to is required";
  const request: PathRequest = { from, to };
  if (message.avoid.length > 0) {
    const avoid: ("tolls" | "highways")[] = [];
    for (const a of message.avoid) {
      if (a === avoidTolls) avoid.push("tolls");
      else if (a === avoidHighways) avoid.push("highways");
      else return `avoid: unknown value ${a}`;
    }
    request.avoid = avoid;
  }
  if (message.payload !== "") request.payload = message.payload;
  return request;
}
