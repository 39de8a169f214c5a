import type { ScenarioName } from "./scenarios.js";

/**
 * What the harness and its child processes say to each other. Children write one JSON object
 * per line on stdout; the harness writes a JSON config as the script's last argument and
 * closes a server's stdin to tell it to stop (so a dying harness never leaves servers behind).
 */

/** Argument of a server process. */
export interface ServerConfig {
  readonly host: string;
}

/** Argument of a client process: where to connect and how long to measure. */
export interface ClientConfig {
  readonly host: string;
  readonly port: number;
  readonly scenario: ScenarioName;
  readonly concurrency: number;
  readonly streamItems: number;
  readonly warmupMs: number;
  /** Warmup also stops after this many calls (streams); Infinity is sent as null. */
  readonly warmupCalls: number | null;
  readonly rounds: number;
  readonly roundMs: number;
  /** A round also stops after this many calls (streams); null for no cap. */
  readonly roundCalls: number | null;
}

/** One timed round as the client measured it. */
export interface RoundResult {
  /** Completed calls, or completed streams. */
  readonly calls: number;
  /** Stream items received (0 for unary). */
  readonly items: number;
  readonly elapsedMs: number;
  /** Calls per second, or items per second for streams. */
  readonly rate: number;
  /** Latency per call (per whole stream), microseconds. */
  readonly p50Us: number;
  readonly p99Us: number;
}

export interface ServerReady {
  readonly type: "ready";
  readonly port: number;
  /** RSS once listening, MB: what the runtime and tsx cost before any call. */
  readonly rssMb: number;
  /** CPU time used by start-up, ms; subtracted to get the serving cost. */
  readonly cpuMs: number;
}

export interface ServerStats {
  readonly type: "server-stats";
  /** Peak resident set size of the process, MB. */
  readonly maxRssMb: number;
  /** Resident set size at the end, MB. */
  readonly rssMb: number;
  /** CPU time (user + system) the process used, ms. */
  readonly cpuMs: number;
}

export interface ClientResult {
  readonly type: "client-result";
  readonly rounds: readonly RoundResult[];
  readonly maxRssMb: number;
  /** CPU time (user + system) the process used, ms. */
  readonly cpuMs: number;
  /**
   * Calls (items, for streams) made from connect to the end, warmup included, and the CPU
   * the client spent on them: with the server's serving CPU this gives a cost per call that
   * does not depend on how the two processes happened to overlap.
   */
  readonly work: { readonly units: number; readonly cpuMs: number };
}

export type ChildMessage = ServerReady | ServerStats | ClientResult;

/** Writes one message line; children call nothing else on stdout. */
export function emit(message: ChildMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Parses a line from a child, or returns undefined when it is not one of our messages. */
export function parseMessage(line: string): ChildMessage | undefined {
  if (!line.startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || !("type" in value)) return undefined;
  const { type } = value;
  if (type === "ready" || type === "server-stats" || type === "client-result") {
    // Children are our own code; a shape check on the discriminant is enough here.
    return value as ChildMessage;
  }
  return undefined;
}

/** Reads the JSON config a child was started with (its last argument). */
export function readConfig<T>(): T {
  const arg = process.argv[process.argv.length - 1];
  if (arg === undefined || !arg.startsWith("{")) {
    throw new Error(
      "expected a JSON config as the last argument (started by benchmarks/src/run.ts)",
    );
  }
  return JSON.parse(arg) as T;
}

/** Peak and current RSS of this process in MB. */
export function memoryMb(): { maxRssMb: number; rssMb: number } {
  // resourceUsage().maxRSS is in kilobytes.
  return {
    maxRssMb: round1(process.resourceUsage().maxRSS / 1024),
    rssMb: round1(process.memoryUsage.rss() / (1024 * 1024)),
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** CPU time (user + system) this process has used, ms. */
export function cpuMs(): number {
  const usage = process.resourceUsage();
  return Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
}
