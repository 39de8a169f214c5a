/**
 * What the Python client's tests share: a scratch directory inside the repository (so the
 * generated TypeScript resolves the workspace), generating into it, and running the real
 * `python3` and `mypy` there.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "../../src/generate.js";
import { generatePython } from "../../src/python/index.js";
import { type NodeRun, runCommand } from "../support/run-node.js";

export const repo = fileURLToPath(new URL("../../../../", import.meta.url));
export const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** A fresh directory under packages/codegen/test/.tmp (ignored by git); `remove()` deletes it. */
export function scratch(name: string): { readonly dir: string; remove(): void } {
  const base = fileURLToPath(new URL("../.tmp/", import.meta.url));
  const dir = join(base, `python-${name}-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Generates `files` into `outDir` in `lang`; throws on any diagnostic. */
export function generateInto(
  files: readonly string[],
  outDir: string,
  lang: "typescript" | "python",
): void {
  const options = { files, outDir, cwd: repo };
  const result = lang === "python" ? generatePython(options) : generate(options);
  if (result.diagnostics.length > 0) {
    throw new Error(result.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join("\n"));
  }
}

/** How a child process ended and what it printed. */
export type Run = NodeRun;

/**
 * Runs `command` with `args` in `cwd` to its end, `stdin` written to it. Proxies from the
 * environment are bypassed for loopback, where the test servers are; `PYTHONPATH` finds the
 * generated modules.
 */
export function run(
  command: string,
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly pythonPath?: string;
    readonly stdin?: string;
    readonly env?: Readonly<Record<string, string>>;
  },
): Promise<Run> {
  const env = {
    ...process.env,
    ...options.env,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    PYTHONDONTWRITEBYTECODE: "1",
    ...(options.pythonPath === undefined ? {} : { PYTHONPATH: options.pythonPath }),
  };
  return runCommand(command, args, { cwd: options.cwd, env, stdin: options.stdin });
}

/** Runs a Python script and parses the one JSON line it prints; fails with its stderr. */
export async function python(
  script: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly pythonPath: string },
): Promise<Record<string, unknown>> {
  const result = await run("python3", [script, ...args], options);
  if (result.code !== 0) {
    throw new Error(`python3 ${script} ${args.join(" ")} exited ${result.code}:\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** `mypy --strict` for Python 3.10 on `files`, its cache kept in `cwd`. */
export function mypyStrict(files: readonly string[], cwd: string): Promise<Run> {
  const cache = join(cwd, ".mypy_cache");
  return run("mypy", ["--strict", "--python-version", "3.10", "--cache-dir", cache, ...files], {
    cwd,
  });
}
