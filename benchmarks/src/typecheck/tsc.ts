import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { canPin } from "../shared/spawn.js";

/** What `tsc --extendedDiagnostics` reports, plus the wall time the harness saw. */
export interface TscRun {
  readonly wallMs: number;
  readonly checkMs: number;
  readonly totalMs: number;
  /** "Memory used" (the heap after the run), MB. */
  readonly memoryMb: number;
  readonly types: number;
  readonly instantiations: number;
  readonly files: number;
  /** Errors tsc printed; a project with errors is a broken benchmark, not a slow one. */
  readonly errors: string;
}

/** The workspace's TypeScript (the one `tsc -b` uses), resolved from the benchmarks package. */
export function tscPath(): { bin: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("typescript/package.json");
  const { version } = require(pkgPath) as { version: string };
  return { bin: join(dirname(pkgPath), "bin", "tsc"), version };
}

/** Runs `tsc -p <dir> --extendedDiagnostics` once (pinned to `cpu` when possible). */
export function runTsc(dir: string, cpu: number | undefined): Promise<TscRun> {
  const args = [tscPath().bin, "-p", dir, "--extendedDiagnostics", "--pretty", "false"];
  const pinned = cpu !== undefined && canPin();
  const started = performance.now();
  const child = pinned
    ? spawn("taskset", ["-c", String(cpu), process.execPath, ...args], {
        stdio: ["ignore", "pipe", "pipe"],
      })
    : spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    output += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    output += text;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", () => {
      const wallMs = performance.now() - started;
      const field = (name: string): number => {
        const match = new RegExp(`^${name}:\\s+([\\d.]+)([sK]?)\\s*$`, "m").exec(output);
        if (match === null) return Number.NaN;
        const value = Number(match[1]);
        return match[2] === "s" ? value * 1000 : match[2] === "K" ? value / 1024 : value;
      };
      const checkMs = field("Check time");
      if (Number.isNaN(checkMs)) {
        reject(new Error(`tsc on ${dir} printed no diagnostics:\n${output.slice(0, 2000)}`));
        return;
      }
      const errors = output
        .split("\n")
        .filter((line) => /error TS\d+/.test(line))
        .join("\n");
      resolve({
        wallMs,
        checkMs,
        totalMs: field("Total time"),
        memoryMb: field("Memory used"),
        types: field("Types"),
        instantiations: field("Instantiations"),
        files: field("Files"),
        errors,
      });
    });
  });
}
