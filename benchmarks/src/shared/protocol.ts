import { readFileSync, writeFileSync } from "node:fs";
import type { ScenarioName, ScenarioShape } from "./scenarios.js";

/**
 * What the harness and its child processes say to each other: JSON objects, one per line.
 * Children write theirs on stdout; the harness writes a JSON config as the script's last
 * argument and commands on the child's stdin. Closing a server's stdin tells it to stop (so a
 * dying harness never leaves servers behind). The sequence is in session.ts.
 */

/** Argument of a server process. */
export interface ServerConfig {
  readonly host: string;
}

/** One scenario as the client runs it, with its timing. */
export interface ClientStep {
  readonly scenario: ScenarioName;
  readonly shape: ScenarioShape;
  readonly warmupMs: number;
  /** Warmup also stops after this many calls (streams); null for time only. */
  readonly warmupCalls: number | null;
  readonly rounds: number;
  readonly roundMs: number;
  /** A round also stops after this many calls (streams); null for no cap. */
  readonly roundCalls: number | null;
}

/**
 * Argument of a client process, and what a peer's connect function receives. `port` is 0 in
 * the argument: the client starts while the server does and learns the port from a `start`
 * command; connect functions get the real one.
 */
export interface ClientConfig {
  readonly host: string;
  readonly port: number;
  /** The Unix socket path, for peers that listen on one (port is then 0). */
  readonly path?: string;
  readonly steps: readonly ClientStep[];
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
  readonly path?: string;
  /** RSS once listening, MB: what the runtime and tsx cost before any call. */
  readonly rssMb: number;
  /** CPU time used by start-up, ms. */
  readonly cpuMs: number;
}

/** The server's answer to a `stats` command, and its last words before exiting. */
export interface ServerStats {
  readonly type: "server-stats";
  /** CPU time (user + system) the process used so far, ms. */
  readonly cpuMs: number;
  /** Resident set size now, MB. */
  readonly rssMb: number;
  /** Peak RSS since the previous `stats` (since start for the first), MB. */
  readonly peakRssMb: number;
}

/** The client's first call on its first connection: the end of a cold start. */
export interface FirstReply {
  readonly type: "first-reply";
  /** From receiving the port to a connected client, ms. */
  readonly connectMs: number;
  /** The first call's round trip, ms. */
  readonly callMs: number;
}

/** An `idle` step has its connections open and waits for `go` before closing them. */
export interface IdleReady {
  readonly type: "idle-ready";
}

export interface StepResult {
  readonly type: "step-result";
  readonly scenario: ScenarioName;
  readonly rounds: readonly RoundResult[];
  /** Calls (items, for streams) made in the step, warmup included. */
  readonly units: number;
  /** CPU the client used on the step (connecting extra connections excluded), ms. */
  readonly cpuMs: number;
}

export interface ClientDone {
  readonly type: "client-done";
  readonly maxRssMb: number;
  /** CPU time (user + system) the process used, ms. */
  readonly cpuMs: number;
}

export type ChildMessage =
  | ServerReady
  | ServerStats
  | FirstReply
  | IdleReady
  | StepResult
  | ClientDone;

const messageTypes: ReadonlySet<string> = new Set([
  "ready",
  "server-stats",
  "first-reply",
  "idle-ready",
  "step-result",
  "client-done",
]);

/** Commands on a child's stdin: `stats` to a server; `start` then `go` per step to a client. */
export type Command =
  | { readonly type: "stats" }
  | { readonly type: "start"; readonly port: number; readonly path?: string }
  | { readonly type: "go" };

/** Writes one message line; children call nothing else on stdout. */
export function emit(message: ChildMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Parses a line from a child, or returns undefined when it is not one of our messages. */
export function parseMessage(line: string): ChildMessage | undefined {
  const value = parseObject(line);
  // Children are our own code; a check of the discriminant is enough here.
  return value !== undefined && messageTypes.has(String(value.type))
    ? (value as unknown as ChildMessage)
    : undefined;
}

/** Parses a command line from the harness, or undefined. */
export function parseCommand(line: string): Command | undefined {
  const value = parseObject(line);
  const type = value?.type;
  return type === "stats" || type === "start" || type === "go"
    ? (value as unknown as Command)
    : undefined;
}

function parseObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
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

/**
 * Current and peak RSS of this process, MB. The peak comes from /proc/self/status (VmHWM),
 * which {@link resetPeakRss} can reset so each scenario of a shared process gets its own peak;
 * off Linux it is `resourceUsage().maxRSS`, the peak since start.
 */
export function memoryMb(): { peakRssMb: number; rssMb: number } {
  const rssMb = round1(process.memoryUsage.rss() / (1024 * 1024));
  const peakKb = procStatusKb("self", "VmHWM");
  // resourceUsage().maxRSS is in kilobytes.
  const peak = round1((peakKb ?? process.resourceUsage().maxRSS) / 1024);
  return { peakRssMb: Math.max(peak, rssMb), rssMb };
}

/** A `kB` field of `/proc/<pid>/status` (VmRSS, VmHWM); undefined if gone or not Linux. */
export function procStatusKb(pid: string, field: string): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** Resets VmHWM to the current RSS (Linux 4.0+: "5" to clear_refs); a no-op elsewhere. */
export function resetPeakRss(pid = "self"): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    // Not Linux, not permitted, or gone: peaks then run from process start.
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** CPU time (user + system) this process has used, ms. */
export function cpuMs(): number {
  const usage = process.resourceUsage();
  return Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
}
