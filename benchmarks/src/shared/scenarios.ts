/**
 * The workloads every peer runs. Names are stable: they key results/latest.json.
 *
 * Throughput scenarios (`unary` and `stream`) run warmup and timed rounds; `idle` opens
 * connections, makes one call on each and leaves them open while the harness samples the
 * server's memory; `cold-start` is measured on every session (see session.ts), from spawning
 * the server process to the first reply its first client receives.
 */
export const scenarioNames = [
  "unary-1",
  "unary-64",
  "unary-64k",
  "conns-100x16",
  "stream-100k",
  "idle-100",
  "cold-start",
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export type ScenarioShape =
  | {
      readonly kind: "unary";
      /** Connections the client opens for this scenario (1: the session's own). */
      readonly connections: number;
      /** Calls kept in flight on each connection (one awaiting loop each). */
      readonly concurrency: number;
      /** Length of the string each request carries and each reply echoes; 0 for none. */
      readonly payloadBytes: number;
    }
  | {
      readonly kind: "stream";
      /** Items per stream; --quick may lower it (Timing.streamItems), the name stays. */
      readonly streamItems: number;
    }
  | { readonly kind: "idle"; readonly connections: number }
  | { readonly kind: "cold-start" };

/** 64 KiB: a payload well past a TCP segment and most libraries' small-message fast paths. */
export const largePayloadBytes = 64 * 1024;

export const scenarios: Readonly<Record<ScenarioName, ScenarioShape>> = {
  "unary-1": { kind: "unary", connections: 1, concurrency: 1, payloadBytes: 0 },
  "unary-64": { kind: "unary", connections: 1, concurrency: 64, payloadBytes: 0 },
  "unary-64k": { kind: "unary", connections: 1, concurrency: 16, payloadBytes: largePayloadBytes },
  "conns-100x16": { kind: "unary", connections: 100, concurrency: 16, payloadBytes: 0 },
  "stream-100k": { kind: "stream", streamItems: 100_000 },
  "idle-100": { kind: "idle", connections: 100 },
  "cold-start": { kind: "cold-start" },
};

/** Scenarios with timed rounds, whose rate is calls (items) per second. */
export function isThroughput(name: ScenarioName): boolean {
  const { kind } = scenarios[name];
  return kind === "unary" || kind === "stream";
}

export function isScenarioName(name: string): name is ScenarioName {
  return (scenarioNames as readonly string[]).includes(name);
}
