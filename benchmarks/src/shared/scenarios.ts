/** The workloads every peer runs. Names are stable: they key results/latest.json. */
export const scenarioNames = ["unary-1", "unary-64", "stream-10k"] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface ScenarioShape {
  readonly kind: "unary" | "stream";
  /** Calls (or streams) kept in flight on the one connection. */
  readonly concurrency: number;
  /** Items per stream; 0 for unary scenarios. */
  readonly streamItems: number;
}

export const scenarios: Readonly<Record<ScenarioName, ScenarioShape>> = {
  "unary-1": { kind: "unary", concurrency: 1, streamItems: 0 },
  "unary-64": { kind: "unary", concurrency: 64, streamItems: 0 },
  "stream-10k": { kind: "stream", concurrency: 1, streamItems: 10_000 },
};

export function isScenarioName(name: string): name is ScenarioName {
  return (scenarioNames as readonly string[]).includes(name);
}
