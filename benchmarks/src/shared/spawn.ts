import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { ChildMessage, Command } from "./protocol.js";
import { parseMessage } from "./protocol.js";

/** The benchmarks package directory; children run from here so `--import tsx` resolves. */
export const benchDir = fileURLToPath(new URL("../../", import.meta.url));

let tasksetChecked: boolean | undefined;

/**
 * True when processes can be pinned: `taskset` runs and there are at least two CPUs. On one
 * CPU pinning would only serialise what the scheduler already shares.
 */
export function canPin(): boolean {
  if (tasksetChecked === undefined) {
    tasksetChecked =
      process.platform === "linux" &&
      availableParallelism() >= 2 &&
      spawnSync("taskset", ["-c", "0", "true"], { stdio: "ignore" }).status === 0;
  }
  return tasksetChecked;
}

export interface SpawnOptions {
  /** CPU to pin to; ignored when pinning is unavailable or off. */
  readonly cpu: number | undefined;
  /** Write the main thread's V8 CPU profile to `dir/name` when the process exits. */
  readonly cpuProfile?: { readonly dir: string; readonly name: string };
}

/** A child process speaking the JSON-lines protocol of protocol.ts. */
export class PeerProcess {
  readonly child: ChildProcess;
  readonly label: string;
  readonly #messages: ChildMessage[] = [];
  #waiter: (() => void) | undefined;
  #stderr = "";
  #exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;

  constructor(label: string, file: string, config: unknown, options: SpawnOptions) {
    this.label = label;
    const nodeArgs = ["--conditions=@rpcgen/source", "--import", "tsx"];
    const profile = options.cpuProfile;
    // tsx's loader hooks run on a second thread, and --cpu-prof writes one profile per thread:
    // a fixed --cpu-prof-name would let the loader thread overwrite the main one. So each
    // process gets its own directory and the main thread's file is picked after exit.
    const profileTmp =
      profile === undefined ? undefined : join(profile.dir, `.tmp-${profile.name}`);
    if (profileTmp !== undefined) {
      rmSync(profileTmp, { recursive: true, force: true });
      mkdirSync(profileTmp, { recursive: true });
      // 250 µs sampling: four times the default resolution, still little overhead.
      nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${profileTmp}`, "--cpu-prof-interval=250");
    }
    const args = [...nodeArgs, file, JSON.stringify(config)];
    const pinned = options.cpu !== undefined && canPin();
    // taskset execs node in place, so the pid (and the signals we send) are node's own.
    this.child = pinned
      ? spawn("taskset", ["-c", String(options.cpu), process.execPath, ...args], {
          cwd: benchDir,
          stdio: ["pipe", "pipe", "pipe"],
        })
      : spawn(process.execPath, args, { cwd: benchDir, stdio: ["pipe", "pipe", "pipe"] });
    createInterface({ input: this.child.stdout! }).on("line", (line) => {
      const message = parseMessage(line);
      if (message === undefined) {
        // Stray output from a peer is shown rather than lost, but kept off the result stream.
        process.stderr.write(`[${label}] ${line}\n`);
        return;
      }
      this.#messages.push(message);
      this.#wake();
    });
    this.child.stderr!.setEncoding("utf8");
    this.child.stderr!.on("data", (text: string) => {
      this.#stderr += text;
    });
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code) => {
        if (profile !== undefined && profileTmp !== undefined) {
          keepMainThreadProfile(profileTmp, join(profile.dir, profile.name));
        }
        this.#exitCode = code;
        this.#wake();
        resolve(code);
      });
      this.child.once("error", (error) => {
        this.#stderr += `${error.message}\n`;
        this.#exitCode = null;
        this.#wake();
        resolve(null);
      });
    });
  }

  /** Waits for the next message of `type`, failing if the process exits or time runs out. */
  async next<T extends ChildMessage["type"]>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<ChildMessage, { type: T }>> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const index = this.#messages.findIndex((m) => m.type === type);
      if (index >= 0) {
        return this.#messages.splice(index, 1)[0] as Extract<ChildMessage, { type: T }>;
      }
      if (this.#exitCode !== undefined) {
        throw new Error(
          `${this.label} exited (code ${String(this.#exitCode)}) before sending "${type}"${this.#stderrTail()}`,
        );
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${this.label}: no "${type}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Writes one command line to the child's stdin (see protocol.ts). */
  send(command: Command): void {
    this.child.stdin?.write(`${JSON.stringify(command)}\n`);
  }

  /** Asks a server or client to stop by closing its stdin (see protocol.ts). */
  stop(): void {
    this.child.stdin?.end();
  }

  /** Ends the process if it is still running; used after failures. */
  kill(): void {
    if (this.#exitCode === undefined) this.child.kill("SIGKILL");
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }

  #stderrTail(): string {
    const text = this.#stderr.trim();
    return text === "" ? "" : `:\n${text.split("\n").slice(-20).join("\n")}`;
  }
}

/**
 * Moves the main thread's profile out of `tmpDir` to `target` and drops the rest. Node names
 * profiles `CPU.<date>.<time>.<pid>.<threadId>.<seq>.cpuprofile`; the main thread is id 0.
 */
function keepMainThreadProfile(tmpDir: string, target: string): void {
  const files = readdirSync(tmpDir).filter((f) => f.endsWith(".cpuprofile"));
  const main = files.find((f) => f.split(".")[4] === "0");
  if (main !== undefined) renameSync(join(tmpDir, main), target);
  rmSync(tmpDir, { recursive: true, force: true });
}
