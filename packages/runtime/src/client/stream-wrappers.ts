import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { runInterceptors } from "../interceptors.js";
import type { ClientCallContext, ClientInterceptor } from "./call-options.js";

/** Applies `fn` to each item without an async generator's extra promise per item. */
export function mapStream(
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
export function interceptedStream(
  interceptors: readonly ClientInterceptor[],
  ctx: ClientCallContext,
  open: () => AsyncIterable<unknown>,
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
        resolveInner(open()[Symbol.asyncIterator]());
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
    async throw(error?: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * `source` with each failure replaced by what `fail` throws instead: how a client turns a
 * declared error ending a response stream into its typed form. The source's iterator is
 * opened when the wrapper's is, so a lazy source stays lazy.
 */
export function mapStreamError(
  source: AsyncIterable<unknown>,
  fail: (error: unknown) => never,
): AsyncIterable<unknown> {
  return {
    [Symbol.asyncIterator]() {
      const inner = source[Symbol.asyncIterator]();
      const iterator: AsyncIterableIterator<unknown> = {
        next: () => inner.next().then(undefined, fail),
        return: () => inner.return?.() ?? Promise.resolve({ value: undefined, done: true }),
        // What the reader throws in is its own error, not one from the server.
        throw: (error?: unknown) => inner.throw?.(error) ?? Promise.reject(error),
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    },
  };
}
