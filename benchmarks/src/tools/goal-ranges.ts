/**
 * The speed goals over several runs: `npx tsx benchmarks/src/tools/goal-ranges.ts a.json b.json
 * c.json` (results arrays written by `pnpm bench --out`) prints, per goal, the range of the
 * ratio over the runs, by rate and by CPU per call, and in how many runs it was met. On a
 * shared machine one run proves little; docs/performance.md reports these ranges.
 */
import { readFileSync } from "node:fs";
import { evaluateGoals, type GoalResult, goals } from "../shared/goals.js";
import type { BenchResult } from "../shared/report.js";

// A shell glob over a results directory also matches the `.meta.json` next to each run.
const files = process.argv.slice(2).filter((file) => !file.endsWith(".meta.json"));
if (files.length === 0) {
  console.error("usage: goal-ranges.ts results.json [more.json ...]");
  process.exit(2);
}
const perRun = files.map((file) => {
  const rows = JSON.parse(readFileSync(file, "utf8")) as BenchResult[];
  return evaluateGoals(rows.map((result) => ({ result })));
});
const range = (xs: readonly number[]) =>
  xs.length === 0 ? "-" : `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}x`;
console.log("| goal | runs | ratio (range) | by cpu per call (range) | met in |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const goal of goals) {
  const same = (g: GoalResult) =>
    g.peer === goal.peer && g.scenario === goal.scenario && g.metric === goal.metric;
  const found = perRun.flatMap((run) => run.filter(same));
  if (found.length === 0) continue;
  const what = goal.metric === "p50" ? "p50 latency" : "calls/s";
  const cpu = found.flatMap((g) => (g.cpuRatio === undefined ? [] : [g.cpuRatio]));
  console.log(
    `| ${goal.peer} ${goal.scenario} ${what} >= ${goal.atLeast.toFixed(2)}x ${goal.reference} | ${found.length} | ${range(found.map((g) => g.ratio))} | ${range(cpu)} | ${found.filter((g) => g.met).length}/${found.length} |`,
  );
}
