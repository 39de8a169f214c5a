import type { ClientStep } from "../shared/protocol.js";
import type { ScenarioName, ScenarioShape } from "../shared/scenarios.js";

/**
 * The cost curves (docs/performance.md, "Cost curves"): one workload grown step by step while
 * everything else stays put, each point a fresh process pair per peer. The points reuse the
 * client driver's scenario shapes (shared/scenarios.ts); `base` is the table scenario whose
 * shape a point varies, and names the point's step (profile files, progress lines).
 */
export interface CurveSpec {
  readonly name: CurveName;
  readonly title: string;
  /** What grows, for the x axis and the table. */
  readonly xLabel: string;
  readonly base: ScenarioName;
  readonly points: readonly number[];
  readonly shape: (x: number) => ScenarioShape;
}

export const curveNames = ["payload", "in-flight", "connections", "stream-items"] as const;
export type CurveName = (typeof curveNames)[number];

const KiB = 1024;

export const curves: readonly CurveSpec[] = [
  {
    name: "payload",
    title: "payload size (16 calls in flight, one connection; request and reply carry it)",
    xLabel: "payload bytes",
    base: "unary-64k",
    points: [100, KiB, 10 * KiB, 64 * KiB, 256 * KiB, 1024 * KiB],
    shape: (x) => ({ kind: "unary", connections: 1, concurrency: 16, payloadBytes: x }),
  },
  {
    name: "in-flight",
    // 1,000 is rpcgen's default maxConcurrentCalls per connection: the last point.
    title: "calls in flight on one connection",
    xLabel: "calls in flight",
    base: "unary-64",
    points: [1, 4, 16, 64, 256, 1000],
    shape: (x) => ({ kind: "unary", connections: 1, concurrency: x, payloadBytes: 0 }),
  },
  {
    name: "connections",
    title: "connections, one call in flight on each",
    xLabel: "connections",
    base: "conns-100x16",
    points: [1, 10, 100, 500, 1000, 2000],
    shape: (x) => ({ kind: "unary", connections: x, concurrency: 1, payloadBytes: 0 }),
  },
  {
    name: "stream-items",
    title: "items per server stream (one stream at a time)",
    xLabel: "items per stream",
    base: "stream-100k",
    points: [1, 10, 100, 1000, 10_000, 100_000, 1_000_000],
    shape: (x) => ({ kind: "stream", streamItems: x }),
  },
];

/** How long each point runs. */
export interface CurveTiming {
  readonly warmupMs: number;
  readonly rounds: number;
  readonly roundMs: number;
  /** Calls (streams) that end the warmup and each round early; null for time only. */
  readonly calls: number | null;
}

/** The client step of one point. */
export function curveStep(curve: CurveSpec, x: number, timing: CurveTiming): ClientStep {
  return {
    scenario: curve.base,
    shape: curve.shape(x),
    warmupMs: timing.warmupMs,
    warmupCalls: timing.calls,
    rounds: timing.rounds,
    roundMs: timing.roundMs,
    roundCalls: timing.calls,
  };
}
