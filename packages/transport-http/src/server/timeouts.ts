import type { ServerOptions } from "node:http";

/**
 * How long `listenHttp` lets a peer take, in milliseconds. Each one ends a connection that
 * is too slow: a peer trickling its headers or body a byte at a time, or opening connections
 * and sending nothing, holds a socket and a parser for at most these times.
 */
export interface HttpTimeouts {
  /**
   * The TLS handshake of an `https:` listener. Default: the server's `handshakeTimeoutMs`
   * (10 000).
   */
  readonly handshakeMs: number;
  /**
   * From the start of a request (the connection's opening, for its first) until its headers
   * are complete; then the server answers `408` and closes the connection. Default 10 000.
   */
  readonly headersMs: number;
  /**
   * From the start of a request until its body is complete, headers included; then `408`
   * and the connection closes. Bounds a body trickled a byte at a time: a 4 MiB body must
   * arrive at about 140 KiB/s or faster with the default. Default 30 000.
   */
  readonly requestMs: number;
  /** A kept-alive connection waiting for its next request is closed after this. Default 5000. */
  readonly idleMs: number;
  /**
   * A response stream the client stops reading: once the response has accepted nothing for
   * this long while the server has more to send, the connection is destroyed and the
   * handler's signal aborts with `resource_exhausted` naming this limit. Without it a client
   * could hold a call slot (`maxConcurrentCalls`) forever by not reading. Default 30 000.
   */
  readonly responseStallMs: number;
}

/** The defaults of {@link HttpTimeouts}, but for `handshakeMs`, which is the server's. */
export const defaultHttpTimeouts: Omit<HttpTimeouts, "handshakeMs"> = {
  headersMs: 10_000,
  requestMs: 30_000,
  idleMs: 5_000,
  responseStallMs: 30_000,
};

/** Fills unset timeouts with defaults and checks them; throws a `RangeError` naming a bad one. */
export function resolveTimeouts(
  timeouts: Partial<HttpTimeouts> | undefined,
  handshakeTimeoutMs: number,
): HttpTimeouts {
  const resolved: HttpTimeouts = {
    handshakeMs: handshakeTimeoutMs,
    ...defaultHttpTimeouts,
    ...timeouts,
  };
  for (const [name, value] of Object.entries(resolved)) checkedTimeout(name, value);
  if (resolved.headersMs > resolved.requestMs) {
    throw new RangeError(
      `timeouts.headersMs (${resolved.headersMs}) must not exceed timeouts.requestMs (${resolved.requestMs})`,
    );
  }
  return resolved;
}

/**
 * node:http's options for `timeouts`. Node checks the header and request timers on an
 * interval (30 s by default, which would let a trickling peer overstay by that much); a tenth
 * of the shorter timeout, within 10 ms and 1 s, keeps the overstay small at the cost of one
 * walk over the open connections per interval.
 */
export function timeoutOptions(timeouts: HttpTimeouts): ServerOptions {
  const shorter = Math.min(timeouts.headersMs, timeouts.requestMs);
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.idleMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.round(shorter / 10))),
  };
}

/** `value`, or a `RangeError` naming `timeouts.<name>` when it is not positive whole ms. */
export function checkedTimeout(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(
      `timeouts.${name} must be a positive whole number of milliseconds, got ${value}`,
    );
  }
  return value;
}
