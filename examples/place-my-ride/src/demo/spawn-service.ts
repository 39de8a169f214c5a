import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A service started as its own process, as `pnpm path-service` / `pnpm ride-service` do. */
export interface ServiceProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the service wrote to stderr so far. */
  stderr(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const mains = {
  path: fileURLToPath(new URL("../path-service/main.ts", import.meta.url)),
  ride: fileURLToPath(new URL("../ride-service/main.ts", import.meta.url)),
};

/** Starts a service and waits for its `listening on <url>` line (failing with its stderr). */
export async function startService(
  which: keyof typeof mains,
  args: readonly string[] = [],
): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@rpcgen/source", "--import", "tsx", mains[which], ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const fail = (why: string) => reject(new Error(`${which}-service ${why}:\n${stderr}`));
    const timer = setTimeout(() => fail("did not start within 20 s"), 20_000);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(`exited with ${code} before listening`);
    });
    child.stdout!.setEncoding("utf8").on("data", (text: string) => {
      out += text;
      const match = /^listening on (\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
