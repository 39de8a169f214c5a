import type { CallSpec } from "../client/transport.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import type { ClientSession } from "../session/client-session.js";
import { type Backoff, backoffDelay, resolveBackoff } from "./backoff.js";
import type {
  ConnectionAttempt,
  ConnectionState,
  ConnectionTransport,
  ConnectionTransportOptions,
  Connector,
} from "./connector.js";
import { PendingStream, type SessionSource } from "./pending-stream.js";
import { Waiter } from "./waiter.js";

/**
 * A client transport over one multiplexed connection made by `connector`, for any stream
 * transport (TCP, Unix, TLS, WebSocket, a child's stdio). Nothing happens until the first call
 * or {@link ConnectionTransport.connect}: then one connection is made and all calls share it.
 * Calls made while it is being (re)established wait, each up to its own deadline, and then
 * fail with `unavailable` naming the server and the last connection error. A broken connection
 * fails the calls in flight on it with `unavailable`; the next call reconnects. After a goaway,
 * calls in flight finish on the old connection while new calls go to a new one.
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
  readonly #failFast: boolean;
  #state: ConnectionState = "idle";
  /** The session new calls go to: open, or draining until a call notices. */
  #session: ClientSession | undefined;
  /** Every session not yet closed, draining ones included, so close() reaches them all. */
  readonly #sessions = new Set<ClientSession>();
  /** Connections not yet fully closed, so close() can wait for them. */
  readonly #connections = new Set<Promise<void>>();
  #dial: ConnectionAttempt | undefined;
  #waiters: Waiter[] = [];
  #retries = 0;
  #lastError: RpcError | undefined;
  #backoffTimer: ReturnType<typeof setTimeout> | undefined;
  #closed: Promise<void> | undefined;

  constructor(connector: Connector, options: ConnectionTransportOptions) {
    this.url = connector.url;
    this.#connector = connector;
    this.#backoff = options.reconnect === false ? undefined : resolveBackoff(options.reconnect);
    this.#failFast = options.failFast ?? false;
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
    return this.#enqueue(new Waiter(true), undefined).promise.then(() => {});
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
    return this.#enqueue(new Waiter(this.#failFast), spec);
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
    if (waiter.oneAttempt && this.#state === "backoff") {
      waiter.reject(
        new RpcError(
          RpcCode.Unavailable,
          `${this.url} is unavailable (failFast): ${this.#lastError?.message ?? "connection failed"}`,
        ),
      );
      return waiter;
    }
    if (spec !== undefined && !this.#watch(waiter, spec)) return waiter;
    this.#waiters.push(waiter);
    if (this.#state === "idle") this.#connect();
    else if (this.#state === "backoff") this.#backoffTimer?.ref();
    return waiter;
  }

  /** Arms the call's deadline and signal on the waiter; false if either already ended it. */
  #watch(waiter: Waiter, spec: CallSpec): boolean {
    const signal = spec.signal;
    if (signal?.aborted === true) {
      waiter.reject(cancelledError());
      return false;
    }
    if (spec.deadline !== undefined) {
      const remaining = spec.deadline - performance.now();
      if (remaining <= 0) {
        waiter.reject(this.#noConnectionError());
        return false;
      }
      waiter.timer = setTimeout(() => {
        this.#remove(waiter);
        waiter.reject(this.#noConnectionError());
      }, remaining);
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
    // Nobody waits on the retry any more: it must not keep the process alive.
    if (this.#waiters.length === 0) this.#backoffTimer?.unref();
  }

  #connect(): void {
    this.#state = "connecting";
    const attempt = this.#connector.connect();
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
    this.#retries = 0;
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
    this.#retries += 1;
    const backoff = this.#backoff;
    const keep: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (backoff === undefined || waiter.oneAttempt) waiter.reject(error);
      else keep.push(waiter);
    }
    this.#waiters = keep;
    if (backoff === undefined) {
      this.#state = "idle";
      return;
    }
    // Backoff runs even with nobody waiting, so failFast calls keep failing at once until the
    // retry is due instead of each hammering a dead server.
    this.#state = "backoff";
    this.#backoffTimer = setTimeout(this.#retry, backoffDelay(backoff, this.#retries));
    if (keep.length === 0) this.#backoffTimer.unref();
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

  #noConnectionError(): RpcError {
    const last = this.#lastError;
    return new RpcError(
      RpcCode.Unavailable,
      last === undefined
        ? `no connection to ${this.url} before the call's deadline (still connecting)`
        : `no connection to ${this.url} before the call's deadline; last error: ${last.message}`,
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
