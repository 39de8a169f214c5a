import { expect, test } from "vitest";
import { heapMargin, runSoak } from "../src/soak/run-soak.js";

// The CI form of `pnpm soak` (two minutes, as `pnpm soak --minutes 2`): real server and client processes, a proxy cutting
// connections, clients killed with SIGKILL. Its checks do not depend on timing: every call
// must settle exactly once with a checked answer or an expected code, and the idle heap after
// GC must come back to the baseline within the margin.
test("a two-minute soak loses, mixes up and repeats no call, and the server's heap does not grow", {
  timeout: 240_000,
}, async () => {
  const result = await runSoak({
    seconds: 120,
    sampleEverySeconds: 30,
    killEveryMs: 8000,
    // Fewer clients, calls and kills than `pnpm soak` (4 x 16 in flight, a kill every 3 s,
    // each restart a process start): two minutes at full load slowed every test running
    // beside it 2-3x; the checks need time and faults, not load.
    clients: 2,
    concurrency: 2,
  });
  const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  console.log(
    `soak: ${result.reports.reduce((n, r) => n + r.calls, 0)} calls, ${result.kills} clients killed, ${result.cuts} connections cut; server heap after GC ${mib(result.baseline.heapUsed)} -> ${mib(result.final.heapUsed)}, rss ${mib(result.baseline.rss)} -> ${mib(result.final.rss)}`,
  );
  expect(result.problems).toEqual([]);
  const calls = result.reports.reduce((n, r) => n + r.calls, 0);
  const answered = result.reports.reduce((n, r) => n + r.ok, 0);
  // The run must have done what it claims: many calls, cut connections, killed clients.
  expect(calls).toBeGreaterThan(1000);
  expect(answered).toBeGreaterThan(calls / 4);
  expect(result.cuts).toBeGreaterThan(10);
  expect(result.kills).toBeGreaterThan(0);
  expect(result.samples.length).toBeGreaterThan(0);
  expect(result.final.heapUsed - result.baseline.heapUsed).toBeLessThanOrEqual(
    heapMargin(result.baseline.heapUsed),
  );
});
