import type { RpcError } from "../errors/rpc-error.js";
import type { ClientSession } from "../session/client-session.js";

/**
 * How long a waiter puts up with failed connection attempts:
 * - `attempt`: `connect()`, which fails with the first attempt that fails;
 * - `budget`: a call, which fails once `connectAttempts` attempts in a row have failed;
 * - `ready`: a call with `waitForReady`, which waits through every failure.
 */
export type Patience = "attempt" | "budget" | "ready";

/**
 * A call (or `connect()`) waiting for a connection. Only calls made while no connection is
 * open pay for one; it settles exactly once and then drops its timer and abort listener.
 */
export class Waiter {
  readonly promise: Promise<ClientSession>;
  readonly patience: Patience;
  settled = false;
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  #signal: AbortSignal | undefined;
  #onAbort: (() => void) | undefined;
  #resolve!: (session: ClientSession) => void;
  #reject!: (error: RpcError) => void;

  constructor(patience: Patience) {
    this.patience = patience;
    this.promise = new Promise<ClientSession>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Calls `onAbort` once if `signal` aborts before the waiter settles. */
  watch(signal: AbortSignal, onAbort: () => void): void {
    this.#signal = signal;
    this.#onAbort = onAbort;
    signal.addEventListener("abort", onAbort, { once: true });
  }

  resolve(session: ClientSession): void {
    if (this.#settle()) this.#resolve(session);
  }

  reject(error: RpcError): void {
    if (this.#settle()) this.#reject(error);
  }

  #settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.#onAbort !== undefined) this.#signal!.removeEventListener("abort", this.#onAbort);
    return true;
  }
}
