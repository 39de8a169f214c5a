import type { RoundResult } from "./protocol.js";
import type { ScenarioName } from "./scenarios.js";
import { medianIndex } from "./stats.js";

/** One line of results/latest.json. */
export interface BenchResult {
  readonly peer: string;
  readonly scenario: ScenarioName;
  /** Calls per second; items per second for stream scenarios. */
  readonly callsPerSec: number;
  /** Per call; per whole stream for stream scenarios. Microseconds. */
  readonly p50Us: number;
  readonly p99Us: number;
  /** Peak RSS of the server process, MB. */
  readonly rssMb: number;
}

/** What the table shows beyond the JSON: how much the rounds disagreed. */
export interface RunSummary {
  readonly result: BenchResult;
  /** (max - min) / median of the round rates, as a fraction. */
  readonly spread: number;
  /** Server RSS once listening, MB; the table shows the peak's growth over it. */
  readonly serverIdleRssMb: number;
  /**
   * Share of the machine's CPU used by processes other than the harness and this pair's
   * server and client while they ran (undefined off Linux). Above a few percent the numbers
   * are suspect: someone else was using the cores.
   */
  readonly otherCpu: number | undefined;
  /**
   * CPU time per call (per item for streams), µs, over warmup and rounds: the server's
   * serving CPU and the client's CPU divided by the calls made. Lower is cheaper.
   */
  readonly cpuUsPerUnit: { readonly server: number; readonly client: number };
  readonly rounds: readonly RoundResult[];
}

/** The median round by rate stands for the run; its own percentiles go with it. */
export function summarize(
  peer: string,
  scenario: ScenarioName,
  rounds: readonly RoundResult[],
  serverMaxRssMb: number,
  serverIdleRssMb: number,
  otherCpu: number | undefined,
  cpuUsPerUnit: RunSummary["cpuUsPerUnit"],
): RunSummary {
  const median = rounds[medianIndex(rounds, (r) => r.rate)]!;
  const rates = rounds.map((r) => r.rate);
  return {
    result: {
      peer,
      scenario,
      callsPerSec: Math.round(median.rate),
      p50Us: Math.round(median.p50Us),
      p99Us: Math.round(median.p99Us),
      rssMb: serverMaxRssMb,
    },
    spread: (Math.max(...rates) - Math.min(...rates)) / median.rate,
    serverIdleRssMb,
    otherCpu,
    cpuUsPerUnit,
    rounds,
  };
}

/**
 * The results as a table, plain text for the terminal or Markdown for docs. Ratios compare
 * each peer with `raw` on the same scenario in the same run.
 */
export function formatTable(runs: readonly RunSummary[], style: "text" | "markdown"): string {
  const rawRate = new Map<string, number>();
  for (const { result } of runs) {
    if (result.peer === "raw") rawRate.set(result.scenario, result.callsPerSec);
  }
  const header = [
    "peer",
    "scenario",
    "calls/s",
    "vs raw",
    "p50",
    "p99",
    "server rss (growth)",
    "cpu/call srv+cli",
    "spread",
    "other cpu",
  ];
  const rows = runs.map(({ result, spread, serverIdleRssMb, otherCpu, cpuUsPerUnit }) => {
    const raw = rawRate.get(result.scenario);
    const unit = result.scenario.startsWith("stream") ? " items/s" : "";
    return [
      result.peer,
      result.scenario,
      `${result.callsPerSec.toLocaleString("en-US")}${unit}`,
      raw === undefined ? "-" : `${((result.callsPerSec / raw) * 100).toFixed(0)}%`,
      formatUs(result.p50Us),
      formatUs(result.p99Us),
      `${result.rssMb.toFixed(1)} MB (+${Math.max(0, result.rssMb - serverIdleRssMb).toFixed(1)})`,
      `${formatCpu(cpuUsPerUnit.server)} + ${formatCpu(cpuUsPerUnit.client)} µs`,
      `±${((spread / 2) * 100).toFixed(1)}%`,
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

function formatCpu(us: number): string {
  return us >= 10 ? us.toFixed(0) : us.toFixed(2);
}
