import { expect, test } from "vitest";
import { needs, redisUrl } from "../../../packages/runtime/test/support/external.js";
import { runDemo } from "./run-demo.js";

const ready = (await needs("redis", "NATS demo test")) && (await needs("nats", "NATS demo test"));

test.runIf(ready)(
  "the demo runs 3 path and 2 ride replicas behind NATS, bookings in Redis, and prints the spread",
  () => {
    const run = runDemo(
      [
        "--transport",
        "nats",
        "--path-replicas",
        "3",
        "--ride-replicas",
        "2",
        "--riders",
        "50",
        "--drivers",
        "30",
        "--redis",
        redisUrl,
      ],
      90_000,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("(3 replicas)");
    // Any ride replica follows any booking: the rides followed were booked by either replica.
    expect(run.stdout).toMatch(/arrived {5}at /);
    const summary =
      /^placeMyRide: booked 30 of 50 requests, 0 double-bookings, p50 \d+ ms, p99 \d+ ms, spread: path (\d+)\/(\d+)\/(\d+), ride (\d+)\/(\d+)$/m.exec(
        run.stdout,
      );
    expect(summary, run.stdout).not.toBeNull();
    const [path, ride] = [summary!.slice(1, 4).map(Number), summary!.slice(4, 6).map(Number)];
    expect(path.reduce((a, b) => a + b)).toBe(100);
    expect(ride.reduce((a, b) => a + b)).toBe(100);
    // Every replica took calls.
    for (const share of [...path, ...ride]) expect(share).toBeGreaterThan(0);
  },
  120_000,
);
