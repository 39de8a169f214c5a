import type { WireError } from "../errors/rpc-error.js";

/**
 * Frame type tags. Every frame after the handshake is an array whose first element is one of
 * these and whose second is the call id (0 for connection-level frames). See docs/protocol.md.
 */
export const FrameType = {
  /**
   * client → server: `[1, id, method, metadata|null, timeoutMs, payload?]`; `method` is the
   * `"Service/method"` path, or with the `"method-ids"` feature a method id or `[path, id]`
   */
  Call: 1,
  /** either way: `[2, id, payload]`, one stream item; consumes one credit */
  Message: 2,
  /** client → server: `[3, id]`, the client stream is complete */
  HalfClose: 3,
  /** client → server: `[4, id, reason?]`, abandon the call; reason is a code, e.g. `deadline_exceeded` */
  Cancel: 4,
  /** server → client: `[5, id, metadata]`, response headers */
  Headers: 5,
  /** server → client: `[6, id, payload, headers|null, trailers|null]`, single response */
  Result: 6,
  /** server → client: `[7, id, error|null, trailers|null, headers|null]`, end of call */
  Status: 7,
  /** either way: `[8, id, n]`, the sender may send `n` more messages on the stream */
  Credit: 8,
  /** either way: `[9, 0, nonce]` */
  Ping: 9,
  /** either way: `[10, 0, nonce]` */
  Pong: 10,
  /** either way: `[11, lastCallId, error|null]`, no new calls; an error means closing now */
  GoAway: 11,
} as const;

/** The first frame from the client, always JSON. */
export interface ClientHello {
  readonly protocol: "rpcgen";
  readonly version: number;
  readonly codecs: readonly string[];
  readonly maxFrameBytes: number;
  readonly streamWindow: number;
  /** Optional protocol features the client can use, e.g. `"method-ids"`. */
  readonly features?: readonly string[];
}

/** The server's answer to {@link ClientHello}, always JSON. */
export interface ServerHello {
  readonly protocol: "rpcgen";
  readonly version: number;
  readonly codec?: string;
  readonly maxFrameBytes?: number;
  readonly streamWindow?: number;
  /** The features of the client's list both sides use on this connection. */
  readonly features?: readonly string[];
  readonly error?: WireError;
}

/** The protocol version this runtime speaks. */
export const protocolVersion = 1;

/** Whether a hello's `features` (anything the peer sent) lists `feature`. */
export function hasFeature(features: unknown, feature: string): boolean {
  return Array.isArray(features) && features.includes(feature);
}
