import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, where the CLI runs from. */
export const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const bin = join(repo, "packages/codegen/src/cli/bin.ts");
/** How a child runs the workspace's TypeScript sources. */
export const nodeFlags = ["--conditions=@rpcgen/source", "--import", "tsx"];

/** What the CLI printed and its exit code. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `rpcgen` CLI in a child process, as a user would from a shell, with `stdin`
 * written to its standard input (then closed).
 */
export function rpcgen(args: readonly string[], stdin = ""): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, bin, ...args], { cwd: repo });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** The non-empty lines of a text, each parsed as JSON. */
export function jsonLines(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}

/** Starts the real CLI in a child process and returns it, for output read as it comes. */
export function startRpcgen(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...nodeFlags, bin, ...args], { cwd: repo });
}
