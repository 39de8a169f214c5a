import { spawn } from "node:child_process";

/** What a finished child process printed, and how it ended. */
export interface NodeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where and how {@link runCommand} runs its child. */
export interface CommandOptions {
  readonly cwd: string;
  /** Written to the child's standard input, which is then closed. */
  readonly stdin?: string | undefined;
  /** The child's whole environment; default this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `command` with `args` to its end and collects what it printed. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env });
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
    child.stdin.end(options.stdin ?? "");
  });
}

/**
 * Runs node with `args` in `cwd` to its end and collects what it printed; `stdin` is written
 * to its standard input, which is then closed.
 */
export function runNode(args: readonly string[], cwd: string, stdin = ""): Promise<NodeRun> {
  return runCommand(process.execPath, args, { cwd, stdin });
}
