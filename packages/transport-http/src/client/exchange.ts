import { type CallSpec, RpcCode, RpcError } from "@rpcgen/runtime";

/** The longest delay a timer accepts; a deadline beyond it is left to the server. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * One HTTP exchange's lifetime on the client: the AbortController behind its fetch, its
 * deadline timer and the caller's signal. Whatever ends the call early aborts the fetch with
 * the `RpcError` the call fails with, so the one reason travels to every pending read.
 */
export class Exchange {
  readonly controller = new AbortController();
  /** Whole milliseconds left when the call was sent, or 0 for no deadline. */
  readonly timeoutMs: number;
  readonly #call: CallSpec;
  readonly #onDone: (exchange: Exchange) => void;
  readonly #onAbort: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Throws the call's error when it is already cancelled or past its deadline. */
  constructor(call: CallSpec, onDone: (exchange: Exchange) => void) {
    this.#call = call;
    this.#onDone = onDone;
    if (call.signal?.aborted === true) throw cancelledByClient();
    let timeoutMs = 0;
    if (call.deadline !== undefined) {
      const remaining = call.deadline - performance.now();
      if (remaining <= 0) throw deadlineExceeded();
      timeoutMs = Math.ceil(remaining);
      if (remaining <= maxTimerMs) {
        this.#timer = setTimeout(() => this.abort(deadlineExceeded()), remaining);
      }
    }
    this.timeoutMs = timeoutMs;
    if (call.signal !== undefined) {
      this.#onAbort = () => this.abort(cancelledByClient());
      call.signal.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Ends the exchange early with `reason`; the first reason wins. */
  abort(reason: RpcError): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  /**
   * What the call fails with, given what a fetch or a read threw: the abort reason when the
   * exchange was aborted, an `RpcError` as is, and anything else (a refused connection, a
   * reset, a body cut off) `unavailable` naming the server and the cause.
   */
  failure(error: unknown, url: string): RpcError {
    const signal = this.controller.signal;
    if (signal.aborted && signal.reason instanceof RpcError) return signal.reason;
    if (error instanceof RpcError) return error;
    return new RpcError(RpcCode.Unavailable, `HTTP call to ${url} failed: ${describe(error)}`, {
      cause: error,
    });
  }

  /** Releases the timer and the caller's signal; idempotent. */
  done(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#onAbort !== undefined) this.#call.signal?.removeEventListener("abort", this.#onAbort);
    this.#onDone(this);
  }
}

function cancelledByClient(): RpcError {
  return new RpcError(RpcCode.Cancelled, "the call was cancelled by the client");
}

function deadlineExceeded(): RpcError {
  return new RpcError(RpcCode.DeadlineExceeded, "the call exceeded its deadline");
}

/** `fetch failed: connect ECONNREFUSED …`: fetch hides the useful part in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  return cause instanceof Error && cause.message !== error.message
    ? `${error.message}: ${cause.message}`
    : error.message;
}
