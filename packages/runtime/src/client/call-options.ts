import type { MethodKind } from "../descriptor.js";
import type { Metadata } from "../metadata.js";

/** Per-call options, the last argument of every generated client method. */
export interface CallOptions {
  /** Fail with `deadline_exceeded` after this many ms; the server's handler is aborted too. */
  readonly timeoutMs?: number;
  /**
   * An absolute deadline in epoch ms, e.g. a handler's `ctx.deadline` passed on to a downstream
   * call. With `timeoutMs` as well, the earlier one wins.
   */
  readonly deadline?: number;
  /** Aborting it cancels the call (`cancelled`) and the server's handler. */
  readonly signal?: AbortSignal;
  /** Request metadata. */
  readonly metadata?: Metadata;
  /** Receives the response headers. */
  readonly onHeaders?: (headers: Metadata) => void;
  /** Receives the trailers, on success and on error. */
  readonly onTrailers?: (trailers: Metadata) => void;
}

/** What a client interceptor sees and may change. */
export interface ClientCallContext {
  readonly service: string;
  readonly method: string;
  readonly kind: MethodKind;
  /** Request metadata; interceptors may add or change entries before calling `next`. */
  readonly metadata: Metadata;
  /** Remaining time budget in ms when the call started, or undefined. */
  readonly timeoutMs: number | undefined;
  /** Response headers, once received. */
  responseHeaders: Metadata | undefined;
  /** Trailers, once received. */
  trailers: Metadata | undefined;
}

/**
 * Runs around every call made by a client: change metadata, time the call, or throw an
 * `RpcError` to refuse it. `next` resolves when the call (and its response stream) is done and
 * rejects with the call's error.
 */
export type ClientInterceptor = (
  ctx: ClientCallContext,
  next: () => Promise<void>,
) => Promise<void>;
