import type { RoundResult } from "./protocol.js";
import { isThroughput, type ScenarioName, scenarioNames, scenarios } from "./scenarios.js";
import type { ColdStart, SessionResult, StepMeasurement } from "./session.js";
import { medianIndex } from "./stats.js";

/** One element of results/latest.json. */
export interface BenchResult {
  readonly peer: string;
  readonly scenario: ScenarioName;
  /** Calls per second (items per second for streams); null for idle-100 and cold-start. */
  readonly callsPerSec: number | null;
  /**
   * Per call (per whole stream) in the median round. idle-100: the connections' one call each.
   * cold-start: the median (p50) and the slowest (p99) of the runs, spawn to first reply.
   */
  readonly p50Us: number;
  readonly p99Us: number;
  /**
   * Server RSS, MB: the peak during the scenario (throughput), with every connection open and
   * idle (idle-100), or right after the first reply (cold-start).
   */
  readonly rssMb: number;
  /** CPU seconds (user + system) per 100 000 calls (items); null where nothing is timed. */
  readonly cpuSecPer100k: { readonly server: number; readonly client: number } | null;
}

/** A result with what the table and latest.meta.json show beyond the array. */
export interface RunSummary {
  readonly result: BenchResult;
  /** Half the range of the round rates over the median; undefined for one-off scenarios. */
  readonly spread: number | undefined;
  /** Other processes' share of the machine while it ran (see `foreignShare`). */
  readonly otherCpu: number | undefined;
  /** Server RSS before the scenario, MB; the table shows growth over it. */
  readonly baseRssMb: number;
  readonly rounds: readonly RoundResult[];
  /** cold-start: every sample. */
  readonly coldStarts?: readonly ColdStart[];
}

/**
 * Rows scenario-major, peers in the given order, from every session's measurements. A pair
 * measured more than once keeps its least disturbed try (--wait-quiet retries) or its fastest
 * (--repeat: load from elsewhere only slows a session down).
 */
export function summarize(
  sessions: readonly SessionResult[],
  peerOrder: readonly string[],
  selected: readonly ScenarioName[],
  keep: "least-disturbed" | "fastest" = "least-disturbed",
): RunSummary[] {
  const runs: RunSummary[] = [];
  for (const scenario of scenarioNames.filter((s) => selected.includes(s))) {
    for (const peer of peerOrder) {
      const mine = sessions.filter((s) => s.peer === peer);
      if (scenario === "cold-start") {
        const samples = mine.flatMap((s) => (s.coldStart === undefined ? [] : [s.coldStart]));
        if (samples.length > 0) runs.push(coldStartSummary(peer, samples));
        continue;
      }
      const tries = mine.flatMap((s) => s.steps.filter((step) => step.scenario === scenario));
      if (keep === "fastest") tries.sort((a, b) => medianRate(b) - medianRate(a));
      else tries.sort((a, b) => (a.otherCpu ?? 0) - (b.otherCpu ?? 0));
      if (tries[0] !== undefined) runs.push(stepSummary(peer, tries[0]));
    }
  }
  return runs;
}

function medianRate(step: StepMeasurement): number {
  const { rounds } = step;
  return rounds.length === 0 ? 0 : rounds[medianIndex(rounds, (r) => r.rate)]!.rate;
}

function stepSummary(peer: string, step: StepMeasurement): RunSummary {
  const { scenario, rounds } = step;
  const median = rounds[medianIndex(rounds, (r) => r.rate)]!;
  const throughput = isThroughput(scenario);
  const rates = rounds.map((r) => r.rate);
  const units = Math.max(1, step.units);
  // ms per unit → s per 100k units: ms / 1000 * 100_000 / units.
  const per100k = (ms: number) => round3((ms * 100) / units);
  return {
    result: {
      peer,
      scenario,
      callsPerSec: throughput ? Math.round(median.rate) : null,
      p50Us: Math.round(median.p50Us),
      p99Us: Math.round(median.p99Us),
      rssMb: step.idleRssMb ?? step.serverPeakRssMb,
      cpuSecPer100k: throughput
        ? { server: per100k(step.serverCpuMs), client: per100k(step.clientCpuMs) }
        : null,
    },
    spread: throughput ? (Math.max(...rates) - Math.min(...rates)) / 2 / median.rate : undefined,
    // An idle step lasts milliseconds: too short for a share of the machine to mean anything.
    otherCpu: throughput ? step.otherCpu : undefined,
    baseRssMb: step.serverRssBeforeMb,
    rounds,
  };
}

function coldStartSummary(peer: string, samples: readonly ColdStart[]): RunSummary {
  const median = samples[medianIndex(samples, (s) => s.totalMs)]!;
  const slowest = Math.max(...samples.map((s) => s.totalMs));
  const rss = samples.map((s) => s.rssMb);
  return {
    result: {
      peer,
      scenario: "cold-start",
      callsPerSec: null,
      p50Us: Math.round(median.totalMs * 1000),
      p99Us: Math.round(slowest * 1000),
      rssMb: rss[medianIndex(rss, (x) => x)]!,
      cpuSecPer100k: null,
    },
    spread: undefined,
    otherCpu: undefined,
    baseRssMb: median.rssMb,
    rounds: [],
    coldStarts: samples,
  };
}

/**
 * A peer's speed relative to raw on the same scenario in the same run (above 1 is faster):
 * calls/s over raw's for throughput scenarios, raw's time over the peer's for cold-start.
 * Undefined for idle-100 (a memory figure) or without a raw row.
 */
export function ratioToRaw(runs: readonly RunSummary[], run: RunSummary): number | undefined {
  const raw = runs.find(
    (r) => r.result.peer === "raw" && r.result.scenario === run.result.scenario,
  );
  if (raw === undefined) return undefined;
  if (run.result.scenario === "cold-start") return raw.result.p50Us / run.result.p50Us;
  const rate = run.result.callsPerSec;
  const rawRate = raw.result.callsPerSec;
  return rate === null || rawRate === null || rawRate === 0 ? undefined : rate / rawRate;
}

/** The results as a table, plain text for the terminal or Markdown for docs. */
export function formatTable(runs: readonly RunSummary[], style: "text" | "markdown"): string {
  const header = [
    "peer",
    "scenario",
    "calls/s",
    "vs raw",
    "p50",
    "p99",
    "server rss (growth)",
    "cpu s/100k srv+cli",
    "spread",
    "other cpu",
  ];
  const rows = runs.map((run) => {
    const { result, spread, otherCpu, baseRssMb } = run;
    const ratio = ratioToRaw(runs, run);
    const unit = scenarios[result.scenario].kind === "stream" ? " items/s" : "";
    const growth = Math.max(0, result.rssMb - baseRssMb);
    const idle = scenarios[result.scenario];
    const rss =
      idle.kind === "idle"
        ? `${result.rssMb.toFixed(1)} MB (+${growth.toFixed(1)}, ${((growth * 1024) / idle.connections).toFixed(0)} KB/conn)`
        : idle.kind === "cold-start"
          ? `${result.rssMb.toFixed(1)} MB`
          : `${result.rssMb.toFixed(1)} MB (+${growth.toFixed(1)})`;
    const cpu = result.cpuSecPer100k;
    return [
      result.peer,
      result.scenario,
      result.callsPerSec === null ? "-" : `${result.callsPerSec.toLocaleString("en-US")}${unit}`,
      ratio === undefined ? "-" : `${(ratio * 100).toFixed(0)}%`,
      formatUs(result.p50Us),
      formatUs(result.p99Us),
      rss,
      cpu === null ? "-" : `${formatSec(cpu.server)} + ${formatSec(cpu.client)}`,
      spread === undefined ? "-" : `±${(spread * 100).toFixed(1)}%`,
      otherCpu === undefined ? "-" : `${(otherCpu * 100).toFixed(0)}%`,
    ];
  });
  if (style === "markdown") {
    const md = (row: readonly string[]): string => `| ${row.join(" | ")} |`;
    const rule = `|${header.map((_, c) => (c < 2 ? " --- |" : " ---: |")).join("")}`;
    return [md(header), rule, ...rows.map(md)].join("\n");
  }
  const table = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  // Text columns align left, numbers right, so digits line up.
  const line = (row: readonly string[]): string =>
    row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function formatUs(us: number): string {
  if (Number.isNaN(us)) return "-";
  if (us >= 10_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${Math.round(us)} µs`;
}

function formatSec(s: number): string {
  return s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
