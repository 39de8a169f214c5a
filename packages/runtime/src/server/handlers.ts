import type { PeerCertificate } from "../auth/peer-certificate.js";
import type { MethodKind, NoDeclaredErrors } from "../descriptor.js";
import type { DeclaredError, DeclaredErrorArgs } from "../errors/declared.js";
import type { Metadata } from "../metadata.js";

/**
 * What a handler knows about the call it serves. `E` is the union of the errors its method
 * declares; {@link CallContext.error} raises only those.
 */
export interface CallContext<E extends DeclaredError = never> {
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
  /**
   * The client's certificate on a mutual-TLS connection (`tls://`, `wss:`, `https:` with
   * `requestCert`), once verified against the server's `ca`; undefined otherwise.
   */
  readonly peerCertificate: PeerCertificate | undefined;
  /**
   * Who the caller is, as an authentication interceptor established it (`bearerAuth`'s, or
   * one of your own that sets it); undefined until one does.
   */
  identity: unknown;
  /** Response headers; sent with the first response message. */
  readonly responseHeaders: Metadata;
  /** Trailers; sent when the call ends, also on error. */
  readonly trailers: Metadata;
  /**
   * One of the errors the method declares, with its declared code and typed details, to
   * throw: `throw ctx.error("OutOfArea", { point: "from", bounds })`. The message defaults to
   * the type name. The server checks the details before they leave; a method that declares
   * no errors has nothing to raise here (the call does not compile).
   */
  error<T extends E["type"]>(
    type: T,
    ...args: DeclaredErrorArgs<Extract<E, { readonly type: T }>>
  ): Extract<E, { readonly type: T }>;
}

/**
 * What a handler may return for an interface method returning `R`: a plain value where the
 * interface returns a Promise, and a sync `Iterable` (a `function*`) where it returns a stream,
 * for items already at hand: they are sent without a promise per item.
 */
export type HandlerResult<R> =
  R extends Promise<infer T>
    ? T | Promise<T>
    : R extends AsyncIterable<infer T>
      ? R | Iterable<T>
      : R;

/** The declared errors of method `K` in errors map `E`, or never when it declares none. */
type MethodErrors<E, K> = K extends keyof E ? Extract<E[K], DeclaredError> : never;

/**
 * The implementation of a service interface `S`: each method takes the interface's parameters
 * plus a {@link CallContext}, and returns the interface's result (a plain value is accepted
 * where the interface returns a Promise, a sync iterable where it returns a stream). `E` maps
 * method names to the errors they declare, which their context's `error` raises.
 */
export type HandlersOf<S, E = NoDeclaredErrors> = {
  readonly [K in keyof S]: S[K] extends (...args: infer A) => infer R
    ? (...args: [...A, ctx: CallContext<MethodErrors<E, K>>]) => HandlerResult<R>
    : never;
};

/**
 * Runs around every handler: read or change metadata and trailers, time the call, or throw an
 * `RpcError` to refuse it. `next` resolves when the handler and its response stream are done.
 */
export type ServerInterceptor = (ctx: CallContext, next: () => Promise<void>) => Promise<void>;
