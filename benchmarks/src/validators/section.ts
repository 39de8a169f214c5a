import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import {
  codeVersion,
  cpuTimes,
  foreignShare,
  sampleBusy,
  waitForQuiet,
} from "../shared/machine.js";
import type { Mode } from "../shared/options.js";
import { benchDir, canPin } from "../shared/spawn.js";

/**
 * Helpers shared by the validator and code generation sections of `pnpm bench`.
 *
 * Their child processes talk no protocol, unlike the RPC peers: a child gets its JSON config as
 * its last argument (see `readConfig`), writes its result as one JSON line on stdout with
 * {@link reportResult} and exits.
 */

/** What a section gets from the command line. */
export interface SectionOptions {
  readonly mode: Mode;
  /** Pin the measuring process where a section does (validators only). */
  readonly pin: boolean;
  readonly waitQuiet: boolean;
  /** Where the section's JSON goes (next to the RPC results). */
  readonly outDir: string;
}

export interface JsonChildOptions {
  /** Shown in errors. */
  readonly label: string;
  /** CPU to pin to with taskset; undefined (or pinning unavailable) for no pinning. */
  readonly cpu: number | undefined;
  readonly timeoutMs: number;
}

export interface JsonChildResult<T> {
  readonly result: T;
  /** From spawn to exit, as the harness saw it. */
  readonly wallMs: number;
  /**
   * Share of the machine's CPU used by other processes while the child ran (see
   * `foreignShare`); undefined off Linux.
   */
  readonly otherCpu: number | undefined;
}

/** Runs `file` under `node --conditions=@rpcgen/source --import tsx` and returns its result line. */
export function runJsonChild<T>(
  file: string,
  config: unknown,
  options: JsonChildOptions,
): Promise<JsonChildResult<T>> {
  const args = ["--conditions=@rpcgen/source", "--import", "tsx", file, JSON.stringify(config)];
  const pinned = options.cpu !== undefined && canPin();
  const machineBefore = cpuTimes();
  const harnessBefore = process.cpuUsage();
  const started = performance.now();
  // taskset execs node in place, so the pid (and a kill on timeout) are node's own.
  const child = pinned
    ? spawn("taskset", ["-c", String(options.cpu), process.execPath, ...args], {
        cwd: benchDir,
        stdio: ["ignore", "pipe", "pipe"],
      })
    : spawn(process.execPath, args, { cwd: benchDir, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (text: string) => {
    stdout += text;
  });
  child.stderr.on("data", (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`${options.label}: no result within ${options.timeoutMs} ms${tail(stderr)}`),
      );
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${options.label}: ${error.message}`));
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const lines = stdout.split("\n").filter((line) => line.startsWith("{"));
      const last = lines[lines.length - 1];
      if (code !== 0 || last === undefined) {
        reject(
          new Error(
            `${options.label} exited (code ${String(code)}) without a result${tail(stderr)}`,
          ),
        );
        return;
      }
      const result = JSON.parse(last) as T & { cpuMs: number };
      const harness = process.cpuUsage(harnessBefore);
      const ours = result.cpuMs + (harness.user + harness.system) / 1000;
      resolve({ result, wallMs, otherCpu: foreignShare(machineBefore, cpuTimes(), ours) });
    });
  });
}

/**
 * The child's side: one JSON line on stdout, with the CPU time the child and the processes
 * it waited for (Biome, for code generation) used, so the harness can tell what others used.
 */
export function reportResult(result: object): void {
  process.stdout.write(`${JSON.stringify({ ...result, cpuMs: cpuMsWithChildren() })}\n`);
}

/** User + system CPU of this process and its waited-for children, ms. */
function cpuMsWithChildren(): number {
  const usage = process.resourceUsage();
  let children = 0;
  try {
    // Fields 16 and 17 of /proc/self/stat (cutime, cstime), in clock ticks; the name in
    // brackets (field 2) may contain spaces, so count from the closing bracket.
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    children = (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    // Not Linux: the children's share counts as other processes'.
  }
  return (usage.userCPUTime + usage.systemCPUTime) / 1000 + children;
}

/**
 * Before a section: waits for quiet CPUs with --wait-quiet, else says when the machine is busy
 * (the same threshold as the RPC pairs).
 */
export async function settle(waitQuiet: boolean): Promise<void> {
  const busy = waitQuiet ? await waitForQuiet(0.1, 120_000) : await sampleBusy(300);
  if (busy !== undefined && busy > 0.1) {
    process.stderr.write(`  (machine ${(busy * 100).toFixed(0)}% busy before this section)\n`);
  }
}

function tail(text: string): string {
  const trimmed = text.trim();
  return trimmed === "" ? "" : `:\n${trimmed.split("\n").slice(-20).join("\n")}`;
}

/** Rows as an aligned text table or Markdown; the first `left` columns align left. */
export function formatRows(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  style: "text" | "markdown",
  left: number,
): string {
  if (style === "markdown") {
    const md = (row: readonly string[]): string => `| ${row.join(" | ")} |`;
    const rule = `|${header.map((_, c) => (c < left ? " --- |" : " ---: |")).join("")}`;
    return [md(header), rule, ...rows.map(md)].join("\n");
  }
  const table = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...table.map((row) => (row[c] ?? "").length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => (c < left ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The median of `values` (the lower one for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
}

/** Half the range of `values`, relative to their median, as a fraction. */
export function halfSpread(values: readonly number[]): number {
  const m = median(values);
  return values.length === 0 || m === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / 2 / m;
}

/** Machine and code facts that go at the top of every section's JSON. */
export function machineMeta(): Record<string, unknown> {
  const cpuList = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim(),
    code: codeVersion(benchDir),
  };
}

/** The `version` of a package installed for the benchmarks. */
export function installedVersion(name: string): string | undefined {
  try {
    const text = readFileSync(join(benchDir, "node_modules", name, "package.json"), "utf8");
    return (JSON.parse(text) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** A 0..1 share as a whole percentage, "-" when unknown. */
export function formatShare(share: number | undefined): string {
  return share === undefined ? "-" : `${(share * 100).toFixed(0)}%`;
}
