/**
 * The cost-curve section of `pnpm bench` (`--only curves`; not part of the default run, which
 * it would double): each curve's points for each selected peer, one fresh process pair per
 * point, written to results/curves.json (+ .md) and, for a full run to the default place,
 * docs/performance/curve-<name>.svg. See docs/performance.md, "Cost curves".
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { peers } from "../peers/index.js";
import { codeVersion, sampleBusy } from "../shared/machine.js";
import type { Mode } from "../shared/options.js";
import { runSession, type StepMeasurement } from "../shared/session.js";
import { benchDir } from "../shared/spawn.js";
import { medianIndex } from "../shared/stats.js";
import { type CurveName, type CurveSpec, type CurveTiming, curveStep, curves } from "./points.js";
import { curveChart, formatCurve } from "./report.js";

/** Per point: fresh processes (~1.3 s), a warmup and three rounds. */
const timings: Readonly<Record<Mode, CurveTiming>> = {
  full: { warmupMs: 300, rounds: 3, roundMs: 300, calls: null },
  quick: { warmupMs: 100, rounds: 3, roundMs: 100, calls: null },
  smoke: { warmupMs: 10_000, rounds: 1, roundMs: 10_000, calls: 20 },
};

export interface CurveOptions {
  readonly mode: Mode;
  readonly pin: boolean;
  readonly profile: boolean;
  readonly curves: readonly CurveName[];
  readonly peers: readonly string[];
  /** Tries per point and peer, interleaved; the fastest is kept (Options.repeat). */
  readonly repeat: number;
  readonly outDir: string;
  /** Refresh the charts in docs/performance/ (a full run to the default place). */
  readonly docs: boolean;
}

/** One point of one curve for one peer, from its session's single step. */
export interface CurvePoint {
  readonly peer: string;
  readonly x: number;
  /** Calls (items) per second in the median round. */
  readonly rate: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** Server RSS before the step and its peak during it, MB. */
  readonly serverRssBeforeMb: number;
  readonly serverPeakRssMb: number;
  /** CPU microseconds per call (item), server and client. */
  readonly cpuUs: { readonly server: number; readonly client: number };
  readonly spread: number;
  readonly otherCpu: number | undefined;
}

export interface CurveResult {
  readonly name: CurveName;
  readonly title: string;
  readonly xLabel: string;
  readonly points: readonly CurvePoint[];
}

export const docsDir = resolve(benchDir, "../docs/performance");

/** Runs the selected curves; returns the failures (a failed point is left out of its curve). */
export async function runCurves(options: CurveOptions): Promise<string[]> {
  const timing = timings[options.mode];
  const selected = peers.filter((p) => options.peers.includes(p.name));
  const failures: string[] = [];
  const results: CurveResult[] = [];
  const started = performance.now();
  for (const curve of curves.filter((c) => options.curves.includes(c.name))) {
    const points: CurvePoint[] = [];
    // Smoke proves the plumbing on the two smallest points.
    const xs = options.mode === "smoke" ? curve.points.slice(0, 2) : curve.points;
    for (const x of xs) {
      const best = new Map<string, CurvePoint>();
      for (let attempt = 0; attempt < options.repeat; attempt++) {
        for (const peer of selected) {
          const label = `${curve.name}-${x}`;
          const busy = await sampleBusy(100);
          if (busy !== undefined && busy > 0.1) {
            process.stderr.write(`  (machine ${(busy * 100).toFixed(0)}% busy before this run)\n`);
          }
          process.stderr.write(`  ${peer.name} ${label} ... `);
          const session = await runSession(
            { peer, steps: [curveStep(curve, x, timing)], label },
            options,
          );
          const step = session.steps[0];
          if (session.error !== undefined || step === undefined) {
            process.stderr.write("FAILED\n");
            failures.push(`curve ${label} ${peer.name}: ${session.error ?? "no result"}`);
            continue;
          }
          const point = toPoint(peer.name, x, step);
          process.stderr.write(`${Math.round(point.rate).toLocaleString("en-US")}/s\n`);
          const kept = best.get(peer.name);
          if (kept === undefined || point.rate > kept.rate) best.set(peer.name, point);
        }
      }
      for (const peer of selected) {
        const point = best.get(peer.name);
        if (point !== undefined) points.push(point);
      }
    }
    results.push({ name: curve.name, title: curve.title, xLabel: curve.xLabel, points });
  }
  const wallMs = performance.now() - started;
  mkdirSync(options.outDir, { recursive: true });
  const cpuList = cpus();
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim(),
    pinned: options.pin,
    code: codeVersion(benchDir),
    mode: options.mode,
    timing,
    repeat: options.repeat,
    wallMs: Math.round(wallMs),
    curves: results,
    failures,
  };
  writeFileSync(join(options.outDir, "curves.json"), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = results.map((r) => formatCurve(specOf(r.name), r, "markdown")).join("\n\n");
  writeFileSync(join(options.outDir, "curves.md"), `${markdown}\n`);
  for (const result of results) {
    console.log(`\ncurve: ${result.title}\n\n${formatCurve(specOf(result.name), result, "text")}`);
    const svg = curveChart(specOf(result.name), result, report.date.slice(0, 10));
    writeFileSync(join(options.outDir, `curve-${result.name}.svg`), svg);
    if (options.docs) {
      mkdirSync(docsDir, { recursive: true });
      writeFileSync(join(docsDir, `curve-${result.name}.svg`), svg);
    }
  }
  console.log(
    `\ncurves: ${(wallMs / 1000).toFixed(1)} s; wrote ${join(options.outDir, "curves.json")}`,
  );
  return failures;
}

function specOf(name: CurveName): CurveSpec {
  return curves.find((c) => c.name === name)!;
}

function toPoint(peer: string, x: number, step: StepMeasurement): CurvePoint {
  const { rounds } = step;
  const median = rounds[medianIndex(rounds, (r) => r.rate)]!;
  const rates = rounds.map((r) => r.rate);
  const units = Math.max(1, step.units);
  return {
    peer,
    x,
    rate: Math.round(median.rate * 10) / 10,
    p50Us: Math.round(median.p50Us),
    p99Us: Math.round(median.p99Us),
    serverRssBeforeMb: step.serverRssBeforeMb,
    serverPeakRssMb: step.serverPeakRssMb,
    cpuUs: {
      server: Math.round(((step.serverCpuMs * 1000) / units) * 100) / 100,
      client: Math.round(((step.clientCpuMs * 1000) / units) * 100) / 100,
    },
    spread: median.rate > 0 ? (Math.max(...rates) - Math.min(...rates)) / 2 / median.rate : 0,
    otherCpu: step.otherCpu,
  };
}
