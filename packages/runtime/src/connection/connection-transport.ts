import type { CallSpec } from "../client/transport.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import type { ClientSession } from "../session/client-session.js";
import { maxTimerMs } from "../session/session-base.js";
import { type Backoff, backoffDelay } from "./backoff.js";
import type {
  ConnectionAttempt,
  ConnectionState,
  ConnectionTransport,
  Connector,
} from "./connector.js";
import { type ConnectionTransportOptions, resolveConnectionOptions } from "./options.js";
import { PendingStream, type SessionSource } from "./pending-stream.js";
import { Waiter } from "./waiter.js";

/**
 * A client transport over one multiplexed connection made by `connector`, for any stream
 * transport (TCP, Unix, TLS, WebSocket, a child's stdio). Nothing happens until the first call
 * or {@link ConnectionTransport.connect}: then one connection is made and all calls share it.
 * Calls made while it is being (re)established wait within the connect budget (see
 * {@link ConnectionTransportOptions}: `connectAttempts` failed attempts in a row,
 * `connectTimeoutMs`, or the call's deadline, whichever comes first; only the deadline with
 * `waitForReady`), and then fail with `unavailable` naming the server and the last connection
 * error. A broken connection fails the calls in flight on it with `unavailable`; the next call
 * reconnects. After a goaway, calls in flight finish on the old connection while new calls go
 * to a new one. Throws a `RangeError` for an option that cannot work.
 */
export function connectionTransport(
  connector: Connector,
  options: ConnectionTransportOptions = {},
): ConnectionTransport {
  return new ConnectionTransportImpl(connector, options);
}

class ConnectionTransportImpl implements ConnectionTransport, SessionSource {
  readonly url: string;
  readonly #connector: Connector;
  readonly #backoff: Backoff | undefined;
  readonly #connectAttempts: number;
  readonly #connectTimeoutMs: number;
  readonly #waitForReady: boolean;
  #state: ConnectionState = "idle";
  /** The session new calls go to: open, or draining until a call notices. */
  #session: ClientSession | undefined;
  /** Every session not yet closed, draining ones included, so close() reaches them all. */
  readonly #sessions = new Set<ClientSession>();
  /** Connections not yet fully closed, so close() can wait for them. */
  readonly #connections = new Set<Promise<void>>();
  #dial: ConnectionAttempt | undefined;
  #waiters: Waiter[] = [];
  /** Attempts failed in a row since the last successful connection. */
  #failures = 0;
  #lastError: RpcError | undefined;
  #backoffTimer: ReturnType<typeof setTimeout> | undefined;
  #closed: Promise<void> | undefined;

  constructor(connector: Connector, options: ConnectionTransportOptions) {
    this.url = connector.url;
    this.#connector = connector;
    const resolved = resolveConnectionOptions(options);
    this.#backoff = resolved.backoff;
    this.#connectAttempts = resolved.connectAttempts;
    this.#connectTimeoutMs = resolved.connectTimeoutMs;
    this.#waitForReady = resolved.waitForReady;
  }

  get state(): ConnectionState {
    // A session that got a goaway still finishes its calls but takes no new ones.
    if (this.#state === "open" && this.#session?.state !== "open") return "idle";
    return this.#state;
  }

  unary(spec: CallSpec, input: unknown): Promise<unknown> {
    const session = this.#session;
    if (session !== undefined && session.state === "open") return session.unary(spec, input);
    return this.wait(spec).promise.then((s) => s.unary(spec, input));
  }

  stream(spec: CallSpec, input: unknown): AsyncIterable<unknown> {
    const session = this.#session;
    if (session !== undefined && session.state === "open") return session.stream(spec, input);
    return new PendingStream(this, spec, input);
  }

  connect(): Promise<void> {
    if (this.#state === "backoff") {
      clearTimeout(this.#backoffTimer);
      this.#state = "idle";
    }
    return this.#enqueue(new Waiter("attempt"), undefined).promise.then(() => {});
  }

  close(): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    this.#state = "closed";
    clearTimeout(this.#backoffTimer);
    this.#dial?.abort(`the transport to ${this.url} was closed`);
    this.#dial = undefined;
    const error = this.#closedError();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(error);
    for (const session of this.#sessions) void session.close();
    this.#session = undefined;
    this.#closed = Promise.all(this.#connections).then(() => {});
    return this.#closed;
  }

  /** The slow path: a call made while no connection is open waits here. */
  wait(spec: CallSpec): Waiter {
    return this.#enqueue(new Waiter(this.#waitForReady ? "ready" : "budget"), spec);
  }

  drop(waiter: Waiter): void {
    this.#remove(waiter);
    waiter.reject(new RpcError(RpcCode.Cancelled, "the reader left before the call started"));
  }

  #enqueue(waiter: Waiter, spec: CallSpec | undefined): Waiter {
    if (this.#state === "closed") {
      waiter.reject(this.#closedError());
      return waiter;
    }
    const session = this.#session;
    if (session !== undefined) {
      if (session.state === "open") {
        waiter.resolve(session);
        return waiter;
      }
      // Draining after a goaway: its calls finish there, new ones need a fresh connection.
      this.#session = undefined;
      if (this.#state === "open") this.#state = "idle";
    }
    if (spec !== undefined && !this.#watch(waiter, spec)) return waiter;
    // The server is known to be down until the pending retry: waiting for it would only
    // spend the call's budget on a backoff timer.
    if (
      waiter.patience === "budget" &&
      this.#state === "backoff" &&
      this.#failures >= this.#connectAttempts
    ) {
      waiter.reject(this.#gaveUpError());
      return waiter;
    }
    this.#waiters.push(waiter);
    if (this.#state === "idle") this.#connect();
    else if (this.#state === "backoff") this.#backoffTimer?.ref?.();
    return waiter;
  }

  /**
   * Arms the call's time limit (its deadline, and `connectTimeoutMs` unless it waits for
   * ready) and its signal on the waiter; false if either already ended it.
   */
  #watch(waiter: Waiter, spec: CallSpec): boolean {
    const signal = spec.signal;
    if (signal?.aborted === true) {
      waiter.reject(cancelledError());
      return false;
    }
    const remaining = spec.deadline === undefined ? Infinity : spec.deadline - performance.now();
    if (remaining <= 0) {
      waiter.reject(this.#noConnectionError("before the call's deadline"));
      return false;
    }
    const budget = waiter.patience === "budget" ? this.#connectTimeoutMs : Infinity;
    const limit = Math.min(remaining, budget);
    // Past the timer range (about 24.8 days) no timer is armed, as for deadlines on a session.
    if (limit <= maxTimerMs) {
      const why =
        budget < remaining
          ? `within connectTimeoutMs = ${budget} ms`
          : "before the call's deadline";
      waiter.timer = setTimeout(() => {
        this.#remove(waiter);
        waiter.reject(this.#noConnectionError(why));
      }, limit);
    }
    if (signal !== undefined) {
      waiter.watch(signal, () => {
        this.#remove(waiter);
        waiter.reject(cancelledError());
      });
    }
    return true;
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index >= 0) this.#waiters.splice(index, 1);
    // Nobody waits on the retry any more: it must not keep the process alive (browsers
    // number their timers and have nothing to unref).
    if (this.#waiters.length === 0) this.#backoffTimer?.unref?.();
  }

  #connect(): void {
    this.#state = "connecting";
    const attempt = this.#connector.connect({ timeoutMs: this.#connectTimeoutMs });
    this.#dial = attempt;
    const closed = attempt.closed;
    this.#connections.add(closed);
    void closed.then(() => this.#connections.delete(closed));
    attempt.session.then(
      (session) => this.#connected(attempt, session),
      (error: RpcError) => this.#attemptFailed(attempt, error),
    );
  }

  #connected(attempt: ConnectionAttempt, session: ClientSession): void {
    this.#sessions.add(session);
    session.onClosed = (error) => this.#sessionClosed(session, error);
    if (this.#dial !== attempt) {
      void session.close();
      return;
    }
    if (session.state !== "open") {
      // A goaway right after the handshake: the server is going away, try again later.
      this.#attemptFailed(
        attempt,
        new RpcError(RpcCode.Unavailable, `${this.url} refused new calls right after connecting`),
      );
      return;
    }
    this.#dial = undefined;
    this.#failures = 0;
    this.#lastError = undefined;
    this.#session = session;
    this.#state = "open";
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve(session);
  }

  #attemptFailed(attempt: ConnectionAttempt, error: RpcError): void {
    if (this.#dial !== attempt) return;
    this.#dial = undefined;
    this.#lastError = error;
    this.#failures += 1;
    const backoff = this.#backoff;
    // Without retries, or when retrying cannot help, nobody has anything left to wait for.
    const final = backoff === undefined || attempt.permanent === true;
    const exhausted = this.#failures >= this.#connectAttempts;
    const keep: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (final || waiter.patience === "attempt") waiter.reject(error);
      else if (waiter.patience === "budget" && exhausted) waiter.reject(this.#gaveUpError());
      else keep.push(waiter);
    }
    this.#waiters = keep;
    if (final) {
      this.#state = "idle";
      return;
    }
    // Backoff runs even with nobody waiting, so calls fail at once while the server is known
    // to be down (see #enqueue) instead of each hammering it with an attempt of its own.
    this.#state = "backoff";
    this.#backoffTimer = setTimeout(this.#retry, backoffDelay(backoff, this.#failures));
    if (keep.length === 0) this.#backoffTimer.unref?.();
  }

  readonly #retry = (): void => {
    this.#backoffTimer = undefined;
    if (this.#state !== "backoff") return;
    if (this.#waiters.length > 0) this.#connect();
    else this.#state = "idle";
  };

  #sessionClosed(session: ClientSession, error: RpcError): void {
    this.#sessions.delete(session);
    if (this.#session !== session) return;
    // Reconnection is lazy: the next call (or connect()) dials again, without delay.
    this.#session = undefined;
    this.#lastError = error;
    if (this.#state === "open") this.#state = "idle";
  }

  /** A call's time ran out: `why` is "before the call's deadline" or names the budget. */
  #noConnectionError(why: string): RpcError {
    const last = this.#lastError;
    return new RpcError(
      RpcCode.Unavailable,
      last === undefined
        ? `no connection to ${this.url} ${why} (still connecting)`
        : `no connection to ${this.url} ${why}; last error: ${last.message}`,
      { cause: last },
    );
  }

  /** Calls gave up after `connectAttempts` failures in a row. */
  #gaveUpError(): RpcError {
    const last = this.#lastError;
    return new RpcError(
      RpcCode.Unavailable,
      `no connection to ${this.url}: ${this.#failures} attempts in a row failed (connectAttempts = ${this.#connectAttempts}); last error: ${last?.message ?? "unknown"}`,
      { cause: last },
    );
  }

  #closedError(): RpcError {
    return new RpcError(RpcCode.Unavailable, `the transport to ${this.url} is closed`);
  }
}

function cancelledError(): RpcError {
  return new RpcError(RpcCode.Cancelled, "the call was cancelled while waiting for a connection");
}
