import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type NodeRun, runNode } from "../support/run-node.js";

/** The repository root, where the CLI runs from. */
export const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const bin = join(repo, "packages/codegen/src/cli/bin.ts");
/** How a child runs the workspace's TypeScript sources. */
export const nodeFlags = ["--conditions=@rpcgen/source", "--import", "tsx"];

/** What the CLI printed and its exit code. */
export type CliRun = NodeRun;

/**
 * Runs the real `rpcgen` CLI in a child process, as a user would from a shell, with `stdin`
 * written to its standard input (then closed).
 */
export function rpcgen(args: readonly string[], stdin = ""): Promise<CliRun> {
  return runNode([...nodeFlags, bin, ...args], repo, stdin);
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
