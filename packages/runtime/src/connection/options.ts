import { type Backoff, type ReconnectOptions, resolveBackoff } from "./backoff.js";

/** Default {@link ConnectionTransportOptions.connectAttempts}. */
const defaultConnectAttempts = 3;

/** Default {@link ConnectionTransportOptions.connectTimeoutMs}: 10 s. */
const defaultConnectTimeoutMs = 10_000;

/**
 * Options for {@link connectionTransport}, shared by every stream transport (TCP, Unix, TLS,
 * WebSocket, stdio).
 *
 * **The connect budget.** A call made while no connection is open waits for one, but not
 * forever: unless `waitForReady` is set it fails `unavailable`, naming the server and the last
 * connection error (e.g. `connect ECONNREFUSED 127.0.0.1:7000`), at the first of
 * - `connectAttempts` connection attempts failed in a row (counted since the last successful
 *   connection, so while the server is known to be down a new call fails at once instead of
 *   waiting through the backoff),
 * - `connectTimeoutMs` spent waiting,
 * - the call's own deadline.
 *
 * With the defaults a call to a server that refuses connections fails after three attempts,
 * about 300 ms; one to an address where nothing answers fails after 10 s.
 */
export interface ConnectionTransportOptions {
  /**
   * Retrying failed connection attempts while calls wait. `false`: a failed attempt fails every
   * waiting call at once (a later call still makes a new attempt). Default: backoff from 100 ms
   * up to 5 s, doubling, ±20 % jitter.
   */
  readonly reconnect?: false | ReconnectOptions;
  /**
   * How many connection attempts in a row may fail before a waiting call gives up with
   * `unavailable` (unless `waitForReady`). `1` fails calls on the first failed attempt, and at
   * once while the retry after it is pending. A whole number of at least 1; default 3.
   */
  readonly connectAttempts?: number;
  /**
   * Time one connection attempt may take (connecting, TLS, the protocol handshake) and,
   * unless `waitForReady`, the longest a call waits for a connection, in ms. Default 10 000.
   */
  readonly connectTimeoutMs?: number;
  /**
   * Let calls wait for a connection through any number of failed attempts, bounded only by
   * their own deadline (gRPC's `waitForReady`): for clients started before their server, or
   * that should ride out a restart. A call without a deadline then waits until a connection
   * is made, the transport is closed or its signal aborts. Default `false`.
   */
  readonly waitForReady?: boolean;
}

/** {@link ConnectionTransportOptions} with defaults filled in and values checked. */
export interface ResolvedConnectionOptions {
  /** `undefined` when reconnecting is off. */
  readonly backoff: Backoff | undefined;
  readonly connectAttempts: number;
  readonly connectTimeoutMs: number;
  readonly waitForReady: boolean;
}

/**
 * Fills defaults and refuses values that cannot work, with a `RangeError` naming the option:
 * a misconfigured transport is a programming error, reported when it is created.
 */
export function resolveConnectionOptions(
  options: ConnectionTransportOptions,
): ResolvedConnectionOptions {
  const connectAttempts = options.connectAttempts ?? defaultConnectAttempts;
  if (!(Number.isInteger(connectAttempts) && connectAttempts >= 1)) {
    throw new RangeError(
      `connectAttempts must be a whole number of at least 1, got ${connectAttempts}`,
    );
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
  if (!(connectTimeoutMs > 0)) {
    throw new RangeError(`connectTimeoutMs must be > 0, got ${connectTimeoutMs}`);
  }
  return {
    backoff: options.reconnect === false ? undefined : resolveBackoff(options.reconnect),
    connectAttempts,
    connectTimeoutMs,
    waitForReady: options.waitForReady ?? false,
  };
}
