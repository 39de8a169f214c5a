import { type CallSpec, RpcCode, RpcError } from "@rpcgen/runtime";

/** The longest delay a timer accepts; a deadline beyond it is left to the server. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * One HTTP exchange's lifetime on the client: its deadline timer, the caller's signal and its
 * place among the transport's calls in flight. Whatever ends the call early (the signal, the
 * deadline, `close()`, a failure) calls {@link abort} with the `RpcError` the call fails
 * with; the first reason wins, and each client stops its request in {@link interrupt}.
 */
export abstract class Exchange {
  /** Whole milliseconds left when the call was sent, or 0 for no deadline. */
  readonly timeoutMs: number;
  /** Why the exchange was aborted, once it was. */
  reason: RpcError | undefined;
  readonly #call: CallSpec;
  readonly #inFlight: Set<Exchange>;
  readonly #onAbort: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Throws the call's error when it is already cancelled or past its deadline. */
  constructor(call: CallSpec, inFlight: Set<Exchange>) {
    this.#call = call;
    this.#inFlight = inFlight;
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
    inFlight.add(this);
  }

  /** Ends the exchange early with `reason`; the first reason wins. */
  abort(reason: RpcError): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.interrupt(reason);
  }

  /** Stops the request and fails whatever waits on it with `reason`. */
  protected abstract interrupt(reason: RpcError): void;

  /**
   * What the call fails with, given what a request or a read threw: the abort reason when the
   * exchange was aborted, an `RpcError` as is, and anything else (a refused connection, a
   * reset, a body cut off) `unavailable` naming the URL and the cause.
   */
  failure(error: unknown, url: string): RpcError {
    if (this.reason !== undefined) return this.reason;
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
    this.#inFlight.delete(this);
  }
}

/** Aborts every exchange in flight with `unavailable`, for a transport's `close()`. */
export function abortAll(inFlight: Set<Exchange>): void {
  const closed = new RpcError(RpcCode.Unavailable, "the HTTP transport was closed");
  for (const exchange of [...inFlight]) exchange.abort(closed);
}

/** What a closed transport answers every new call with. */
export function transportClosed(): RpcError {
  return new RpcError(RpcCode.Unavailable, "the HTTP transport is closed");
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
