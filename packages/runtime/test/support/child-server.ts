import { type ChildProcess, spawn } from "node:child_process";

/** How a child server ended. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running child server: a test fixture that prints `listening on <url>` once ready. */
export interface ChildServer {
  /** What the child printed after `listening on`. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves when the child has exited. */
  readonly exited: Promise<ExitStatus>;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** Sends `signal` (default SIGKILL) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<ExitStatus>;
}

const running = new Set<ChildServer>();

/**
 * Spawns `fixture` (a TypeScript file, run with the workspace's source condition and tsx) with
 * `args` in `cwd`, and waits for its `listening on <url>` line. Fails loudly, with the child's
 * stderr, if the line does not come within `timeoutMs`. The child's stdin stays open as a
 * lifeline: fixtures exit when it ends, so none outlives the test process.
 */
export async function spawnChildServer(
  fixture: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly timeoutMs?: number },
): Promise<ChildServer> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const child = spawn(
    process.execPath,
    ["--conditions=@rpcgen/source", "--import", "tsx", fixture, ...args],
    { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`server fixture did not print "listening on" within ${timeoutMs} ms\n${stderr}`),
      );
    }, timeoutMs);
    child.stdout!.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      const match = /^listening on (\S+)$/m.exec(stdout);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server fixture exited (code ${code}, signal ${signal})\n${stderr}`));
    });
  });
  const server: ChildServer = {
    url,
    child,
    exited,
    stderr: () => stderr,
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  running.add(server);
  void exited.then(() => running.delete(server));
  return server;
}

/** Kills every child server still running; for afterEach/afterAll. */
export async function killAllChildServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.kill("SIGKILL")));
}

/**
 * The child's half of {@link spawnChildServer}, for a fixture whose server is up: closes it
 * with `close` on SIGTERM (exit 0, or 1 when closing fails), exits 2 when the parent's stdin
 * lifeline ends (so it never outlives the test process), and prints `listening on <url>`.
 */
export function serveAsChild(url: string, close: () => Promise<void>): void {
  process.once("SIGTERM", () => {
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("close failed", error);
        process.exit(1);
      },
    );
  });
  process.stdin.on("end", () => process.exit(2));
  process.stdin.resume();
  process.stdout.write(`listening on ${url}
`);
}
