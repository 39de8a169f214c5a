import type { MethodDescriptor, MethodKind, ServiceDescriptor } from "../descriptor.js";
import type { Metadata } from "../metadata.js";

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** Wire name of the service. */
  readonly service: string;
  /** Method name. */
  readonly method: string;
  readonly kind: MethodKind;
  /** Request metadata sent by the client (after its interceptors). */
  readonly metadata: Readonly<Metadata>;
  /**
   * Aborted when the client cancels, the deadline passes or the connection is lost. The reason
   * is an `RpcError` (`cancelled`, `deadline_exceeded` or `unavailable`).
   */
  readonly signal: AbortSignal;
  /** When the call must be done, as epoch milliseconds on this machine's clock. */
  readonly deadline: number | undefined;
  /** The remote end, e.g. `tcp:127.0.0.1:53122`. */
  readonly peer: string;
  /** Response headers; sent with the first response message. */
  readonly responseHeaders: Metadata;
  /** Trailers; sent when the call ends, also on error. */
  readonly trailers: Metadata;
}

/** One request in, one response out. */
export type UnaryHandler<I, O> = (request: I, ctx: CallContext) => O | Promise<O>;
/** One request in, a stream out. */
export type ServerStreamHandler<I, O> = (request: I, ctx: CallContext) => AsyncIterable<O>;
/** A stream in, one response out. */
export type ClientStreamHandler<I, O> = (
  requests: AsyncIterable<I>,
  ctx: CallContext,
) => O | Promise<O>;
/** Streams both ways. */
export type BidiHandler<I, O> = (requests: AsyncIterable<I>, ctx: CallContext) => AsyncIterable<O>;

/** The handler type a method descriptor calls for. */
export type HandlerFor<D> =
  D extends MethodDescriptor<infer K, infer I, infer O>
    ? K extends "unary"
      ? UnaryHandler<I, O>
      : K extends "server_stream"
        ? ServerStreamHandler<I, O>
        : K extends "client_stream"
          ? ClientStreamHandler<I, O>
          : BidiHandler<I, O>
    : never;

/** An implementation of every method of a service, type-checked against its descriptor. */
export type ServiceImplementation<S extends ServiceDescriptor> = {
  readonly [K in keyof S["methods"]]: HandlerFor<S["methods"][K]>;
};

/**
 * Runs around every handler: read or change metadata and trailers, time the call, or throw an
 * `RpcError` to refuse it. `next` resolves when the handler and its response stream are done.
 */
export type ServerInterceptor = (ctx: CallContext, next: () => Promise<void>) => Promise<void>;
