/** `pnpm app` as the tests run it: a child process, ready once it prints its URL. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../../src/app/main.ts", import.meta.url));

/** A running app. */
export interface AppProcess {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code, or the signal's name. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/** Starts the app with `args` and waits for `listening on <url>`, failing with its stderr. */
export async function startApp(args: readonly string[]): Promise<AppProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@rpcgen/source", "--import", "tsx", main, ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    void exited.then((code) => reject(new Error(`app exited with ${code}:\n${stderr}`)));
    child.stdout!.setEncoding("utf8").on("data", (text: string) => {
      out += text;
      const match = /^listening on (\S+)$/m.exec(out);
      if (match) resolve(match[1]!);
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    stderr: () => stderr,
    stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
