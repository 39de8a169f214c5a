import { expect, test } from "vitest";
import { needs, redisUrl } from "../../../packages/runtime/test/support/external.js";
import { runDemo } from "./run-demo.js";

test.runIf(await needs("redis", "demo tests")).each(["tcp", "http", "ws", "stdio"])(
  "the demo books every driver once over %s and prints the summary line",
  (transport) => {
    const run = runDemo(
      ["--transport", transport, "--riders", "50", "--drivers", "30", "--redis", redisUrl],
      60_000,
    );
    expect(run.stdout).toContain(`transport ${transport}`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("shared state: Redis");
    expect(run.stdout).toMatch(
      /^placeMyRide: booked 30 of 50 requests, 0 double-bookings, p50 \d+ ms, p99 \d+ ms$/m,
    );
    expect(run.stdout).toContain("20 × resource_exhausted: no driver is free");
    expect(run.stdout).toMatch(/arrived {5}at /);
  },
);
