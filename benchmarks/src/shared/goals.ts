import type { BenchResult } from "./report.js";
import type { ScenarioName } from "./scenarios.js";

/**
 * The speed goals (docs/performance.md, "Goals"): each a ratio of a peer to its reference
 * peer on one scenario in the same run, so machine load falls on both sides alike. A goal on
 * `p50` compares latency instead (the reference's p50 over the peer's: 0.91 is "within 10 %").
 */
export interface Goal {
  readonly peer: string;
  readonly reference: string;
  readonly scenario: ScenarioName;
  readonly metric: "rate" | "p50";
  readonly atLeast: number;
}

export const goals: readonly Goal[] = [
  { peer: "rpcgen-tcp", reference: "raw", scenario: "unary-64", metric: "rate", atLeast: 0.9 },
  { peer: "rpcgen-tcp", reference: "raw", scenario: "unary-1", metric: "rate", atLeast: 0.9 },
  { peer: "rpcgen-tcp", reference: "raw", scenario: "unary-1", metric: "p50", atLeast: 1 / 1.1 },
  { peer: "rpcgen-tcp", reference: "raw", scenario: "stream-100k", metric: "rate", atLeast: 0.9 },
  { peer: "rpcgen-tcp", reference: "raw", scenario: "unary-64k", metric: "rate", atLeast: 0.9 },
  {
    peer: "rpcgen-http-msgpack",
    reference: "raw-http",
    scenario: "unary-64",
    metric: "rate",
    atLeast: 0.8,
  },
  {
    peer: "rpcgen-http-msgpack",
    reference: "raw-http",
    scenario: "unary-1",
    metric: "rate",
    atLeast: 0.8,
  },
  { peer: "rpcgen-ws", reference: "raw-ws", scenario: "unary-64", metric: "rate", atLeast: 0.8 },
  { peer: "rpcgen-ws", reference: "raw-ws", scenario: "unary-1", metric: "rate", atLeast: 0.8 },
  { peer: "rpcgen-ws", reference: "raw-ws", scenario: "stream-100k", metric: "rate", atLeast: 0.8 },
  {
    peer: "rpcgen-nats",
    reference: "raw-nats",
    scenario: "unary-64",
    metric: "rate",
    atLeast: 0.8,
  },
  { peer: "rpcgen-nats", reference: "raw-nats", scenario: "unary-1", metric: "rate", atLeast: 0.8 },
];

/** A goal as measured in one run. */
export interface GoalResult extends Goal {
  readonly ratio: number;
  readonly met: boolean;
  /**
   * The reference's CPU per call (server + client) over the peer's: what the ratio would be if
   * both were CPU-bound. Steadier than rates on a shared machine, where a neighbour's load
   * lands on one session and not the other; undefined for latency goals.
   */
  readonly cpuRatio: number | undefined;
}

/** The goals whose peer and reference both ran the scenario in `runs`. */
export function evaluateGoals(runs: readonly { readonly result: BenchResult }[]): GoalResult[] {
  const find = (peer: string, scenario: ScenarioName) =>
    runs.find((r) => r.result.peer === peer && r.result.scenario === scenario)?.result;
  const results: GoalResult[] = [];
  for (const goal of goals) {
    const mine = find(goal.peer, goal.scenario);
    const ref = find(goal.reference, goal.scenario);
    if (mine === undefined || ref === undefined) continue;
    const ratio =
      goal.metric === "p50"
        ? ref.p50Us / mine.p50Us
        : mine.callsPerSec !== null && ref.callsPerSec !== null && ref.callsPerSec > 0
          ? mine.callsPerSec / ref.callsPerSec
          : Number.NaN;
    if (!Number.isFinite(ratio)) continue;
    const cpu = (r: typeof mine) =>
      r.cpuSecPer100k === null ? Number.NaN : r.cpuSecPer100k.server + r.cpuSecPer100k.client;
    const cpuRatio = goal.metric === "rate" ? cpu(ref) / cpu(mine) : Number.NaN;
    results.push({
      ...goal,
      ratio: round3(ratio),
      met: ratio >= goal.atLeast,
      cpuRatio: Number.isFinite(cpuRatio) ? round3(cpuRatio) : undefined,
    });
  }
  return results;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** One line per goal: `rpcgen-tcp unary-64 calls/s vs raw: 0.93x (goal 0.90x) met (cpu 0.88x)`. */
export function formatGoals(results: readonly GoalResult[]): string {
  return results
    .map((g) => {
      const what = g.metric === "p50" ? "p50 (ref/peer)" : "calls/s";
      const cpu = g.cpuRatio === undefined ? "" : ` (by cpu per call ${g.cpuRatio.toFixed(2)}x)`;
      return `${g.peer} ${g.scenario} ${what} vs ${g.reference}: ${g.ratio.toFixed(2)}x (goal ${g.atLeast.toFixed(2)}x) ${g.met ? "met" : "NOT met"}${cpu}`;
    })
    .join("\n");
}
