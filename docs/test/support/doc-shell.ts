import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** What one shell block printed. */
export interface ShellResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A reader's terminal: runs shell blocks one after another with bash, carrying the working
 * directory from block to block (a `cd` in one block holds for the next) as a person at a
 * prompt would, and keeps "second terminal" servers running until {@link DocShell.stop}.
 */
export class DocShell {
  #cwd: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #cwdFile: string;
  readonly #servers: ChildProcess[] = [];

  constructor(options: { cwd: string; home: string; env: NodeJS.ProcessEnv }) {
    this.#cwd = options.cwd;
    this.#env = options.env;
    this.#cwdFile = join(options.home, ".doc-shell-cwd");
  }

  get cwd(): string {
    return this.#cwd;
  }

  /** Writes `content` to `path`, relative to the current directory. */
  write(path: string, content: string): void {
    const file = resolve(this.#cwd, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  /** Runs `script` to its end; rejects with its output when it exits with an error. */
  run(script: string): Promise<ShellResult> {
    const child = this.#spawn(`${script}\nprintf '%s' "$PWD" > '${this.#cwdFile}'\n`);
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    return new Promise((done, fail) => {
      child.once("error", fail);
      child.once("close", (code, signal) => {
        if (code !== 0) {
          fail(new Error(`exit ${code ?? signal}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
          return;
        }
        this.#cwd = readFileSync(this.#cwdFile, "utf8");
        done({ stdout, stderr });
      });
    });
  }

  /**
   * Starts `script` as a server in the background and resolves with the first line it
   * prints; rejects if it ends before printing one.
   */
  startServer(script: string): Promise<string> {
    const child = this.#spawn(script, true);
    this.#servers.push(child);
    let stdout = "";
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    return new Promise((done, fail) => {
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const end = stdout.indexOf("\n");
        if (end >= 0) done(stdout.slice(0, end + 1));
      });
      child.once("close", (code, signal) => {
        fail(new Error(`the server ended (${code ?? signal}) before printing a line\n${stderr}`));
      });
    });
  }

  /**
   * Stops every server as a reader would, with Ctrl-C (SIGINT to its process group), and
   * resolves with their exit codes once they have all exited.
   */
  async stop(): Promise<(number | null)[]> {
    const exits = this.#servers.map(
      (child) =>
        new Promise<number | null>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
          else child.once("exit", (code) => done(code));
        }),
    );
    for (const child of this.#servers) {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGINT");
        } catch {
          // Already gone between the check and the signal.
        }
      }
    }
    return Promise.all(exits);
  }

  #spawn(script: string, detached = false): ChildProcess {
    return spawn("bash", ["-e", "-o", "pipefail", "-c", script], {
      cwd: this.#cwd,
      env: this.#env,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so Ctrl-C reaches node and not only bash.
      detached,
    });
  }
}

/**
 * The environment of a new user's shell: the caller's PATH (less the workspace's tools) and locale, `HOME` set to a scratch
 * folder, and none of the variables that pnpm, vitest or this workspace set for their children
 * (they would change how npm and node behave). npm keeps the machine's download cache, so only
 * the first run fetches packages from the registry.
 */
export function newUserEnv(home: string): NodeJS.ProcessEnv {
  const cache = execFileSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).trim();
  const env: NodeJS.ProcessEnv = {};
  for (const key of ["PATH", "LANG", "LC_ALL", "TERM", "TMPDIR", "http_proxy", "https_proxy"]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  // pnpm puts the workspace's node_modules/.bin folders first; a new user has none of them.
  env.PATH = (env.PATH ?? "")
    .split(":")
    .filter((dir) => !dir.includes("node_modules"))
    .join(":");
  env.HOME = home;
  env.npm_config_cache = cache;
  env.npm_config_update_notifier = "false";
  env.npm_config_fund = "false";
  env.npm_config_audit = "false";
  return env;
}
