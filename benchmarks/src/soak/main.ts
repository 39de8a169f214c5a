/**
 * `pnpm soak --minutes N`: mixed traffic against a server process for N minutes (fractions
 * allowed), with random disconnects, cancels, deadlines and client processes killed with
 * SIGKILL; the server's heap and RSS after GC are printed every minute. Exits 1 if a call was
 * lost, answered wrongly or run twice, or if the idle heap grew beyond the margin.
 *
 *   pnpm soak --minutes 10 [--clients 4] [--concurrency 16] [--seed 1]
 */
import { parseArgs } from "node:util";
import { mib, runSoak } from "./run-soak.js";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    minutes: { type: "string", default: "1" },
    clients: { type: "string", default: "4" },
    concurrency: { type: "string", default: "16" },
    seed: { type: "string", default: "1" },
  },
});
const minutes = Number(values.minutes);
if (!(minutes > 0)) {
  console.error("usage: pnpm soak --minutes N [--clients K] [--concurrency C] [--seed S]");
  process.exit(2);
}

console.log(
  `soak: ${minutes} min, ${values.clients} client processes x ${values.concurrency} calls in flight`,
);
const result = await runSoak({
  seconds: minutes * 60,
  clients: Number(values.clients),
  concurrency: Number(values.concurrency),
  seed: Number(values.seed),
  log: (line) => console.log(line),
});
const calls = result.reports.reduce((n, r) => n + r.calls, 0);
const ok = result.reports.reduce((n, r) => n + r.ok, 0);
const codes: Record<string, number> = {};
for (const report of result.reports) {
  for (const [code, n] of Object.entries(report.codes)) codes[code] = (codes[code] ?? 0) + n;
}
console.log(
  `calls checked: ${calls} (${ok} answered; ended by ${JSON.stringify(codes)}) from ${result.reports.length} clients that ran to the end; ${result.kills} clients killed, ${result.cuts} connections cut`,
);
console.log(
  `server heap after GC: ${mib(result.baseline.heapUsed)} -> ${mib(result.final.heapUsed)}; rss ${mib(result.baseline.rss)} -> ${mib(result.final.rss)}`,
);
for (const problem of result.problems) console.log(`PROBLEM: ${problem}`);
console.log(result.problems.length === 0 ? "soak passed" : "soak FAILED");
process.exit(result.problems.length === 0 ? 0 : 1);
