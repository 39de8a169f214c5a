import type { MethodDescriptor, ServiceDescriptor, Validator } from "../descriptor.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { runInterceptors } from "../interceptors.js";
import type { Metadata } from "../metadata.js";
import type { CallOptions, ClientCallContext, ClientInterceptor } from "./call-options.js";
import type { CallSpec, ClientTransport } from "./transport.js";

/** The client-side signature a method descriptor calls for. */
export type ClientMethodFor<D> =
  D extends MethodDescriptor<infer K, infer I, infer O>
    ? K extends "unary"
      ? (request: I, options?: CallOptions) => Promise<O>
      : K extends "server_stream"
        ? (request: I, options?: CallOptions) => AsyncIterable<O>
        : K extends "client_stream"
          ? (requests: AsyncIterable<I>, options?: CallOptions) => Promise<O>
          : (requests: AsyncIterable<I>, options?: CallOptions) => AsyncIterable<O>
    : never;

/** A typed client for a service: one method per method of the descriptor. */
export type ServiceClient<S extends ServiceDescriptor> = {
  readonly [K in keyof S["methods"]]: ClientMethodFor<S["methods"][K]>;
};

/** Options for {@link createClient}. */
export interface ClientOptions {
  /** Run around every call, first one outermost. */
  readonly interceptors?: readonly ClientInterceptor[];
  /** Check each response against the method's validator. Default true. */
  readonly validateResponses?: boolean;
}

/**
 * Creates a typed client for `service` over any transport. Generated code wraps this; tests
 * may call it with a hand-written descriptor.
 */
export function createClient<S extends ServiceDescriptor>(
  service: S,
  transport: ClientTransport,
  options: ClientOptions = {},
): ServiceClient<S> {
  const client: Record<string, unknown> = {};
  for (const [key, method] of Object.entries(service.methods)) {
    client[key] = bindMethod(service.name, method, transport, options);
  }
  return client as ServiceClient<S>;
}

function bindMethod(
  serviceName: string,
  method: MethodDescriptor,
  transport: ClientTransport,
  options: ClientOptions,
): (input: unknown, callOptions?: CallOptions) => unknown {
  const path = `${serviceName}/${method.name}`;
  const kind = method.kind;
  const validate = options.validateResponses === false ? undefined : method.validateResponse;
  const check =
    validate === undefined ? undefined : (value: unknown) => checkResponse(validate, value);
  const interceptors = options.interceptors ?? [];
  const bare: CallSpec = {
    path,
    kind,
    metadata: undefined,
    deadline: undefined,
    signal: undefined,
    onHeaders: undefined,
    onTrailers: undefined,
  };
  const single = kind === "unary" || kind === "client_stream";

  if (interceptors.length === 0) {
    if (single) {
      return (input, callOptions) => {
        const result = transport.unary(
          callOptions === undefined ? bare : toSpec(bare, callOptions),
          input,
        );
        return check === undefined ? result : result.then(check);
      };
    }
    return (input, callOptions) => {
      const stream = transport.stream(
        callOptions === undefined ? bare : toSpec(bare, callOptions),
        input,
      );
      return check === undefined ? stream : mapStream(stream, check);
    };
  }

  return (input, callOptions = {}) => {
    const spec = toSpec(bare, callOptions);
    const ctx: ClientCallContext = {
      service: serviceName,
      method: method.name,
      kind,
      metadata: { ...callOptions.metadata },
      timeoutMs: spec.deadline === undefined ? undefined : spec.deadline - performance.now(),
      responseHeaders: undefined,
      trailers: undefined,
    };
    const finalSpec = (): CallSpec => ({
      ...spec,
      metadata: ctx.metadata,
      onHeaders: (headers: Metadata) => {
        ctx.responseHeaders = headers;
        callOptions.onHeaders?.(headers);
      },
      onTrailers: (trailers: Metadata) => {
        ctx.trailers = trailers;
        callOptions.onTrailers?.(trailers);
      },
    });
    if (single) {
      let result: unknown;
      return runInterceptors(interceptors, ctx, async () => {
        result = await transport.unary(finalSpec(), input);
        if (check !== undefined) result = check(result);
      }).then(() => result);
    }
    return interceptedStream(interceptors, ctx, () => transport.stream(finalSpec(), input), check);
  };
}

function toSpec(bare: CallSpec, options: CallOptions): CallSpec {
  let deadline: number | undefined;
  if (options.timeoutMs !== undefined) deadline = performance.now() + options.timeoutMs;
  if (options.deadline !== undefined) {
    const fromDeadline = performance.now() + (options.deadline - Date.now());
    deadline = deadline === undefined ? fromDeadline : Math.min(deadline, fromDeadline);
  }
  return {
    path: bare.path,
    kind: bare.kind,
    metadata: options.metadata,
    deadline,
    signal: options.signal,
    onHeaders: options.onHeaders,
    onTrailers: options.onTrailers,
  };
}

function checkResponse(validate: Validator, value: unknown): unknown {
  const issue = validate(value);
  if (issue === undefined) return value;
  throw new RpcError(
    RpcCode.Internal,
    `response failed validation: ${issue.path}: ${issue.message}`,
    { details: { path: issue.path } },
  );
}

/** Applies `fn` to each item without an async generator's extra promise per item. */
function mapStream(
  source: AsyncIterable<unknown>,
  fn: (value: unknown) => unknown,
): AsyncIterable<unknown> {
  const iterator = source[Symbol.asyncIterator]();
  const mapped: AsyncIterableIterator<unknown> = {
    next: () =>
      iterator.next().then((step) => {
        if (step.done === true) return step;
        try {
          return { value: fn(step.value), done: false };
        } catch (error) {
          void iterator.return?.();
          throw error;
        }
      }),
    return: () => iterator.return?.() ?? Promise.resolve({ value: undefined, done: true }),
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}

/**
 * A response stream whose interceptors see the whole call: `next()` inside them resolves when
 * the consumer has read the stream to its end (or it failed).
 */
function interceptedStream(
  interceptors: readonly ClientInterceptor[],
  ctx: ClientCallContext,
  open: () => AsyncIterable<unknown>,
  check: ((value: unknown) => unknown) | undefined,
): AsyncIterable<unknown> {
  let settle: ((error?: unknown) => void) | undefined;
  let resolveInner!: (it: AsyncIterator<unknown>) => void;
  let rejectInner!: (error: unknown) => void;
  const inner = new Promise<AsyncIterator<unknown>>((resolve, reject) => {
    resolveInner = resolve;
    rejectInner = reject;
  });
  const outcome = runInterceptors(
    interceptors,
    ctx,
    () =>
      new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error));
        const stream = open();
        resolveInner(
          (check === undefined ? stream : mapStream(stream, check))[Symbol.asyncIterator](),
        );
      }),
  );
  // A reader that never starts must not leave an unhandled rejection behind.
  inner.catch(() => {});
  // If an interceptor refused the call before opening it, the reader gets that error.
  outcome.then(
    () => rejectInner(new RpcError(RpcCode.Internal, "an interceptor did not call next()")),
    rejectInner,
  );
  const iterator: AsyncIterableIterator<unknown> = {
    async next() {
      const it = await inner;
      let step: IteratorResult<unknown>;
      try {
        step = await it.next();
      } catch (error) {
        settle?.(error);
        await outcome;
        throw error;
      }
      if (step.done === true) {
        settle?.();
        await outcome;
      }
      return step;
    },
    async return() {
      const it = await inner.catch(() => undefined);
      await it?.return?.();
      settle?.(new RpcError(RpcCode.Cancelled, "the client stopped reading"));
      await outcome.catch(() => {});
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
