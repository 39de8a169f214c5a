import type { MethodKind } from "../descriptor.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import type { Metadata } from "../metadata.js";

/** One call as a {@link ClientTransport} sees it: where it goes and how long it may take. */
export interface CallSpec {
  /** `Service/method`, the wire path. */
  readonly path: string;
  readonly kind: MethodKind;
  /** Request metadata, after client interceptors ran. */
  readonly metadata: Metadata | undefined;
  /** Absolute deadline on the `performance.now()` clock, or `undefined` for none. */
  readonly deadline: number | undefined;
  /** Aborts the call with `cancelled`. */
  readonly signal: AbortSignal | undefined;
  /** Receives the response headers once they arrive. */
  readonly onHeaders: ((headers: Metadata) => void) | undefined;
  /** Receives the trailers when the call ends, successfully or not. */
  readonly onTrailers: ((trailers: Metadata) => void) | undefined;
  /**
   * The method's response decoder, `undefined` when responses are taken as they arrive. The
   * transport applies it, through {@link decodeResponse}, to the single response or to each
   * stream item as it arrives: done there, it costs no extra promise per message.
   */
  readonly decode: ((value: unknown) => unknown) | undefined;
}

/**
 * `call.decode` applied to one response. A response that does not decode is the server's
 * fault: it throws `internal` with the decoder's message (which names the field).
 */
export function decodeResponse(call: CallSpec, value: unknown): unknown {
  const decode = call.decode;
  if (decode === undefined) return value;
  try {
    return decode(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RpcError(RpcCode.Internal, `response failed validation: ${reason}`, {
      details: error instanceof RpcError ? error.details : undefined,
      cause: error,
    });
  }
}

/**
 * The client side of a transport. Every transport applies {@link CallSpec.decode} to what it
 * returns. Stream transports implement it with a session over a frame
 * channel; request-shaped transports (HTTP) implement it directly. Generated clients only ever
 * talk to this interface.
 */
export interface ClientTransport {
  /**
   * A call with one response: `unary` (input is the request) or `client_stream` (input is an
   * `AsyncIterable` of requests). Rejects with an `RpcError`.
   */
  unary(call: CallSpec, input: unknown): Promise<unknown>;
  /**
   * A call with a stream of responses: `server_stream` (input is the request) or `bidi`
   * (input is an `AsyncIterable`). Iteration throws an `RpcError` if the call fails; leaving
   * the loop early cancels the call.
   */
  stream(call: CallSpec, input: unknown): AsyncIterable<unknown>;
  /** Closes connections; calls still in flight fail with `unavailable`. */
  close(): Promise<void>;
}
