import { expect, test } from "vitest";
import { backoffDelay, resolveBackoff } from "../src/connection/backoff.js";

test("the delay grows by the multiplier from initialDelayMs and stops at maxDelayMs", () => {
  const backoff = resolveBackoff();
  const middle = () => 0.5; // no jitter either way
  const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((retry) => backoffDelay(backoff, retry, middle));
  expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
});

test("jitter spreads the delay by at most the configured fraction either way", () => {
  const backoff = resolveBackoff({ initialDelayMs: 1000, jitter: 0.2 });
  expect(backoffDelay(backoff, 1, () => 0)).toBe(800);
  expect(backoffDelay(backoff, 1, () => 0.999_999)).toBe(1200);
  for (let i = 0; i < 1000; i++) {
    const delay = backoffDelay(backoff, 3);
    expect(delay).toBeGreaterThanOrEqual(3200);
    expect(delay).toBeLessThanOrEqual(4800);
  }
});

test("custom settings are honoured and nonsense is refused", () => {
  const backoff = resolveBackoff({ initialDelayMs: 10, maxDelayMs: 100, multiplier: 3, jitter: 0 });
  expect([1, 2, 3, 4].map((n) => backoffDelay(backoff, n))).toEqual([10, 30, 90, 100]);
  expect(() => resolveBackoff({ initialDelayMs: -1 })).toThrow(/initialDelayMs/);
  expect(() => resolveBackoff({ initialDelayMs: 500, maxDelayMs: 100 })).toThrow(/maxDelayMs/);
  expect(() => resolveBackoff({ multiplier: 0.5 })).toThrow(/multiplier/);
  expect(() => resolveBackoff({ jitter: 1.5 })).toThrow(/jitter/);
  expect(() => resolveBackoff({ jitter: Number.NaN })).toThrow(/jitter/);
});
