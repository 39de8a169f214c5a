import type { RpcError } from "../errors/rpc-error.js";

/** What an {@link InboundStream} tells the session as its consumer reads. */
export interface InboundStreamHooks {
  /** The consumer took `n` messages; the session returns them to the sender as credit. */
  grant(n: number): void;
  /** The consumer stopped early (`break` out of `for await`); the session ends the call. */
  abandon(): void;
}

/**
 * Messages arriving on one call, read with `for await`. Buffers at most the window the
 * receiver advertised (the sender stops when its credit runs out) and hands credit back as
 * the consumer reads, so a slow consumer bounds the sender's memory.
 */
export class InboundStream<T> implements AsyncIterableIterator<T> {
  readonly #hooks: InboundStreamHooks;
  #grantEvery: number;
  #items: T[] = [];
  #head = 0;
  #waiting: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void } | undefined;
  #ended = false;
  #error: RpcError | undefined;
  #consumed = 0;

  constructor(hooks: InboundStreamHooks, window: number) {
    this.#hooks = hooks;
    this.#grantEvery = Math.max(1, window >> 1);
  }

  /**
   * Narrows the window to the one the handshake agreed on, for a stream opened before the
   * handshake completed.
   */
  narrowWindow(window: number): void {
    this.#grantEvery = Math.min(this.#grantEvery, Math.max(1, window >> 1));
  }

  /** Messages buffered and not yet read. */
  get buffered(): number {
    return this.#items.length - this.#head;
  }

  /** True once the stream ended or failed. */
  get finished(): boolean {
    return this.#ended || this.#error !== undefined;
  }

  push(item: T): void {
    if (this.finished) return;
    const waiting = this.#waiting;
    if (waiting !== undefined) {
      this.#waiting = undefined;
      this.#deliver(item, waiting);
      return;
    }
    this.#items.push(item);
  }

  end(): void {
    if (this.finished) return;
    this.#ended = true;
    const waiting = this.#waiting;
    if (waiting !== undefined && this.buffered === 0) {
      this.#waiting = undefined;
      waiting.resolve({ value: undefined, done: true });
    }
  }

  fail(error: RpcError): void {
    if (this.finished) return;
    this.#error = error;
    const waiting = this.#waiting;
    if (waiting !== undefined) {
      this.#waiting = undefined;
      waiting.reject(error);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered > 0) {
      const item = this.#items[this.#head]!;
      this.#items[this.#head] = undefined as T;
      this.#head++;
      if (this.#head === this.#items.length) {
        this.#items = [];
        this.#head = 0;
      }
      return new Promise((resolve, reject) => this.#deliver(item, { resolve, reject }));
    }
    // A failure discards buffered messages: the call is over and the reader must learn why.
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.finished) {
      this.#ended = true;
      this.#items = [];
      this.#head = 0;
      this.#hooks.abandon();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  /**
   * As on an async generator that does not catch: the stream is left as with `return()` (the
   * sender is told to stop) and the promise rejects with `error`. Makes a generated client's
   * stream usable where the interface declared `AsyncGenerator<T>`.
   */
  throw(error?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #deliver(item: T, to: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void }): void {
    if (++this.#consumed >= this.#grantEvery) {
      this.#hooks.grant(this.#consumed);
      this.#consumed = 0;
    }
    to.resolve({ value: item, done: false });
  }
}
