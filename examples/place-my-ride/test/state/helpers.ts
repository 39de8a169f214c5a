/**
 * Test helpers for the shared-state tests: finding Redis (through the workspace's one rule for
 * external parts: skipped with a printed reason locally, failing under CI=true), unique key
 * prefixes per run, cleanup, and child processes running the fixtures.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll } from "vitest";
import { needs, redisUrl } from "../../../../packages/runtime/test/support/external.js";
import { deleteKeys } from "../../src/state/redis.js";

export { deleteKeys, redisUrl };

/** One prefix per test run, so parallel runs and leftovers never collide. */
const runPrefix = `pmr:test:${randomBytes(6).toString("hex")}:`;

/** A key prefix for one test, under this run's prefix. */
export function testPrefix(name: string): string {
  return `${runPrefix}${name}:`;
}

/** Deletes every key this run (this test file's process) created. */
export function cleanUpRun(redis: Redis): Promise<void> {
  return deleteKeys(redis, runPrefix);
}

/**
 * A connection to the test Redis for the tests of `group`, or `undefined` when Redis does not
 * answer and they are to be skipped (see `needs`).
 */
export async function probeRedis(group: string): Promise<Redis | undefined> {
  if (!(await needs("redis", group))) return undefined;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  return redis;
}

/**
 * {@link probeRedis} for one test file, with the file's teardown registered: fixture processes
 * killed, this run's keys deleted, the connection closed.
 */
export async function redisForThisFile(group: string): Promise<Redis | undefined> {
  const redis = await probeRedis(group);
  afterAll(async () => {
    await killAllFixtures();
    if (redis !== undefined) {
      await cleanUpRun(redis);
      await redis.quit();
    }
  });
  return redis;
}

/** A fixture script running in its own Node process. */
export interface Fixture {
  readonly child: ChildProcess;
  /** The next line the child prints on stdout; rejects (with its stderr) if it exits first. */
  nextLine(timeoutMs?: number): Promise<string>;
  /** Writes a line to the child's stdin. */
  send(line: string): void;
  /** Resolves with the exit code (or signal) once the child has exited. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  /** Sends SIGKILL (kill -9) and waits for the exit. */
  kill(): Promise<void>;
}

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const running = new Set<ChildProcess>();

/**
 * Runs `test/state/fixtures/<name>.ts` in a fresh Node process, the way a second ride-service
 * process would run: its own module instances, its own Redis connection.
 */
export function spawnFixture(name: string, args: readonly (string | number)[]): Fixture {
  const script = fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));
  const child = spawn(
    process.execPath,
    ["--conditions=@rpcgen/source", "--import", "tsx", script, ...args.map(String)],
    { cwd: packageDir, stdio: ["pipe", "pipe", "pipe"] },
  );
  running.add(child);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    });
  });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const waiter = waiters.shift();
    if (waiter === undefined) lines.push(line);
    else waiter(line);
  });
  return {
    child,
    exited,
    nextLine(timeoutMs = 15_000) {
      const ready = lines.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`fixture ${name} printed nothing in ${timeoutMs} ms\n${stderr}`)),
          timeoutMs,
        );
        waiters.push((line) => {
          clearTimeout(timer);
          resolve(line);
        });
        void exited.then((status) => {
          clearTimeout(timer);
          reject(new Error(`fixture ${name} exited (${status}) before printing\n${stderr}`));
        });
      });
    },
    send(line) {
      child.stdin!.write(`${line}\n`);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Kills every fixture still running; for `afterAll`, so a failed test leaves no orphans. */
export async function killAllFixtures(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}
