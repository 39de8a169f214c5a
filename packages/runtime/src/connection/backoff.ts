/**
 * How a {@link ConnectionTransport} spaces its connection attempts after a failure: exponential
 * backoff with jitter. The n-th retry waits
 * `min(maxDelayMs, initialDelayMs * multiplier^(n-1))`, then scaled by a random factor in
 * `[1 - jitter, 1 + jitter]`.
 */
export interface ReconnectOptions {
  /** Wait before the first retry, in ms. Default 100. */
  readonly initialDelayMs?: number;
  /** Longest wait between attempts before jitter, in ms. Default 5000. */
  readonly maxDelayMs?: number;
  /** Growth factor per failed attempt, at least 1. Default 2. */
  readonly multiplier?: number;
  /** Relative spread, between 0 and 1: 0.2 means ±20 %. Default 0.2. */
  readonly jitter?: number;
}

/** {@link ReconnectOptions} with every field set and checked. */
export interface Backoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  readonly jitter: number;
}

/** Fills defaults and refuses values that would make the schedule meaningless. */
export function resolveBackoff(options: ReconnectOptions = {}): Backoff {
  const backoff: Backoff = {
    initialDelayMs: options.initialDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 5000,
    multiplier: options.multiplier ?? 2,
    jitter: options.jitter ?? 0.2,
  };
  check(backoff.initialDelayMs >= 0, "reconnect.initialDelayMs must be >= 0");
  check(
    backoff.maxDelayMs >= backoff.initialDelayMs,
    "reconnect.maxDelayMs must be >= initialDelayMs",
  );
  check(backoff.multiplier >= 1, "reconnect.multiplier must be >= 1");
  check(backoff.jitter >= 0 && backoff.jitter <= 1, "reconnect.jitter must be between 0 and 1");
  return backoff;
}

/**
 * The wait before retry number `retry` (1 for the first retry). `random` returns a number in
 * [0, 1) and is a parameter so the schedule can be tested without chance.
 */
export function backoffDelay(
  backoff: Backoff,
  retry: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(
    backoff.maxDelayMs,
    backoff.initialDelayMs * backoff.multiplier ** Math.max(0, retry - 1),
  );
  // Jitter spreads clients that lost the same server so they do not all return at once.
  return Math.max(0, Math.round(base * (1 + backoff.jitter * (2 * random() - 1))));
}

function check(ok: boolean, message: string): void {
  // NaN fails every comparison above, so it is refused here too.
  if (!ok) throw new RangeError(message);
}
