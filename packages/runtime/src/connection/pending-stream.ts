import type { CallSpec } from "../client/transport.js";
import type { ClientSession } from "../session/client-session.js";
import type { Waiter } from "./waiter.js";

const done: IteratorResult<unknown> = Object.freeze({ value: undefined, done: true });

/** What a {@link PendingStream} asks of its transport. */
export interface SessionSource {
  /** Starts waiting for an open session on behalf of `spec`. */
  wait(spec: CallSpec): Waiter;
  /** Stops waiting: the reader left before the call started. */
  drop(waiter: Waiter): void;
}

/**
 * A response stream requested while no connection was open. `stream()` must return at once,
 * so this waits for the connection on the first `next()` and then hands every step to the
 * session's own stream. A reader that leaves before that never starts the call.
 */
export class PendingStream implements AsyncIterableIterator<unknown> {
  readonly #source: SessionSource;
  readonly #spec: CallSpec;
  readonly #input: unknown;
  #inner: AsyncIterator<unknown> | undefined;
  #opening: Promise<AsyncIterator<unknown> | undefined> | undefined;
  #waiter: Waiter | undefined;
  #left = false;

  constructor(source: SessionSource, spec: CallSpec, input: unknown) {
    this.#source = source;
    this.#spec = spec;
    this.#input = input;
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.#inner !== undefined) return this.#inner.next();
    if (this.#left) return Promise.resolve(done);
    this.#opening ??= this.#open();
    return this.#opening.then((inner) => (inner === undefined ? done : inner.next()));
  }

  return(): Promise<IteratorResult<unknown>> {
    const inner = this.#inner;
    if (inner !== undefined) return inner.return?.() ?? Promise.resolve(done);
    if (!this.#left) {
      this.#left = true;
      if (this.#waiter !== undefined) this.#source.drop(this.#waiter);
    }
    return Promise.resolve(done);
  }

  /** As on an async generator that does not catch: the call ends, the error comes back. */
  throw(error?: unknown): Promise<IteratorResult<unknown>> {
    return this.return().then(() => Promise.reject(error));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #open(): Promise<AsyncIterator<unknown> | undefined> {
    const waiter = this.#source.wait(this.#spec);
    this.#waiter = waiter;
    return waiter.promise.then(
      (session: ClientSession) => {
        this.#waiter = undefined;
        if (this.#left) return undefined;
        this.#inner = session.stream(this.#spec, this.#input)[Symbol.asyncIterator]();
        return this.#inner;
      },
      (error: unknown) => {
        this.#waiter = undefined;
        if (this.#left) return undefined;
        throw error;
      },
    );
  }
}
