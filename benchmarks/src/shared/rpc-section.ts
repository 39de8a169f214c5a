import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { peers } from "../peers/index.js";
import { renderChart } from "./chart.js";
import { evaluateGoals, formatGoals } from "./goals.js";
import { codeVersion, sampleBusy, waitForQuiet } from "./machine.js";
import type { Options } from "./options.js";
import { planSessions } from "./plan.js";
import { formatTable, summarize } from "./report.js";
import { scenarios } from "./scenarios.js";
import {
  profileDir,
  runSession,
  type SessionPlan,
  type SessionResult,
  sessionTag,
} from "./session.js";
import { benchDir } from "./spawn.js";
import { peerPackages } from "./versions.js";

/** Where a full run's chart goes for docs/performance.md to embed. */
export const docsChart = resolve(benchDir, "../docs/performance/bench.svg");

/** Busy share of the machine above which a run counts as disturbed. */
const quietThreshold = 0.1;
/** With --wait-quiet, how often a disturbed session is run again before its best try is kept. */
const maxAttempts = 3;

/**
 * The RPC table: every selected peer × scenario, in sessions (session.ts). Prints the table,
 * writes the results array to `out` and, next to it, `.meta.json`, `.md` and `.svg`; a full
 * run to the default place also refreshes the chart in docs/. Returns the failures.
 */
export async function runRpc(
  options: Options,
  out: string,
  pinned: boolean,
  defaultOut: boolean,
): Promise<string[]> {
  if (options.profile) {
    mkdirSync(profileDir, { recursive: true });
    for (const file of readdirSync(profileDir)) {
      if (file.endsWith(".cpuprofile")) rmSync(resolve(profileDir, file), { force: true });
    }
  }
  const selected = peers.filter(
    (p) =>
      options.peers.includes(p.name) &&
      (options.peersGiven || options.mode === "full" || p.fullOnly !== true),
  );
  const plans = planSessions(selected, options.scenarios, options.timing, options.repeat);
  const sessions: SessionResult[] = [];
  const failures: string[] = [];
  const started = performance.now();
  for (const plan of plans) {
    const result = await measure(plan, options);
    sessions.push(result);
    if (result.error !== undefined) {
      const where = plan.steps.map((s) => s.scenario).join(",") || "cold-start";
      failures.push(`${plan.peer.name} ${where}: ${result.error}`);
    }
  }
  const wallMs = performance.now() - started;
  const runs = summarize(
    sessions,
    selected.map((p) => p.name),
    options.scenarios,
    options.repeat > 1 ? "fastest" : "least-disturbed",
  );
  console.log(`\n${formatTable(runs, "text")}\n`);
  const goals = evaluateGoals(runs);
  if (goals.length > 0) console.log(`goals (ratios within this run):\n${formatGoals(goals)}\n`);
  console.log(`rpc section: ${plans.length} sessions in ${(wallMs / 1000).toFixed(1)} s`);

  writeFileSync(
    out,
    `${JSON.stringify(
      runs.map((r) => r.result),
      null,
      2,
    )}\n`,
  );
  const cpuList = cpus();
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim(),
    pinned,
    code: codeVersion(benchDir),
    mode: options.mode,
    profile: options.profile,
    timing: options.timing,
    repeat: options.repeat,
    wallMs: Math.round(wallMs),
    peers: Object.fromEntries(selected.map((p) => [p.name, peerPackages(p)])),
    skipped: Object.fromEntries(
      selected.filter((p) => p.skip !== undefined).map((p) => [p.name, p.skip]),
    ),
    scenarios: Object.fromEntries(options.scenarios.map((s) => [s, scenarios[s]])),
    runs: runs.map((r) => ({
      ...r.result,
      baseRssMb: r.baseRssMb,
      otherCpu: r.otherCpu,
      spread: r.spread,
      rounds: r.rounds,
      ...(r.coldStarts === undefined ? {} : { coldStarts: r.coldStarts }),
    })),
    goals,
    failures,
  };
  const base = out.replace(/\.json$/, "");
  writeFileSync(`${base}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`);
  writeFileSync(`${base}.md`, `${formatTable(runs, "markdown")}\n`);
  const title = `rpcgen benchmarks: ${options.mode} run, node ${process.version}, ${meta.date.slice(0, 10)}`;
  const chart = renderChart(runs, title);
  writeFileSync(`${base}.svg`, chart);
  console.log(`wrote ${out} (+ .meta.json, .md, .svg)`);
  // Only a full run with the default output stands for the docs: quick numbers are too short
  // to publish, and --out is somebody's experiment.
  if (options.mode === "full" && defaultOut && !options.profile) {
    mkdirSync(dirname(docsChart), { recursive: true });
    writeFileSync(docsChart, chart);
    console.log(`wrote ${docsChart}`);
  }
  if (options.profile) console.log(`profiles in ${profileDir}`);
  return failures;
}

/**
 * Runs one session, reporting progress. Other processes on a 2-core box distort everything, so
 * a busy machine is reported; with --wait-quiet the harness waits for quiet first and runs a
 * session again when something else used the CPUs meanwhile, keeping the least disturbed try.
 */
async function measure(plan: SessionPlan, options: Options): Promise<SessionResult> {
  let best: SessionResult | undefined;
  const disturbance = (s: SessionResult) => Math.max(0, ...s.steps.map((st) => st.otherCpu ?? 0));
  for (let attempt = 1; attempt <= (options.waitQuiet ? maxAttempts : 1); attempt++) {
    const busy = options.waitQuiet
      ? await waitForQuiet(quietThreshold, 120_000)
      : await sampleBusy(100);
    if (busy !== undefined && busy > quietThreshold) {
      process.stderr.write(`  (machine ${(busy * 100).toFixed(0)}% busy before this run)\n`);
    }
    process.stderr.write(`  ${plan.peer.name} ${sessionTag(plan)} ... `);
    const run = await runSession(plan, options);
    process.stderr.write(`${progress(run)}\n`);
    if (best === undefined || disturbance(run) < disturbance(best)) best = run;
    if (run.error !== undefined || disturbance(run) <= quietThreshold) break;
  }
  return best!;
}

/** One line per session: the cold start, then each step's rate (or RSS for idle). */
function progress(run: SessionResult): string {
  const parts: string[] = [];
  if (run.coldStart !== undefined) parts.push(`cold ${Math.round(run.coldStart.totalMs)} ms`);
  for (const step of run.steps) {
    const median = [...step.rounds].sort((a, b) => a.rate - b.rate)[(step.rounds.length - 1) >> 1];
    const other = step.otherCpu === undefined ? "" : `, other ${(step.otherCpu * 100).toFixed(0)}%`;
    parts.push(
      step.idleRssMb !== undefined
        ? `${step.scenario} ${step.idleRssMb.toFixed(1)} MB`
        : `${step.scenario} ${Math.round(median?.rate ?? 0).toLocaleString("en-US")}/s${other}`,
    );
  }
  return run.error === undefined ? parts.join("; ") : `${parts.join("; ")} FAILED`;
}
