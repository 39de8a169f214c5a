import { type FSWatcher, watch as watchFs } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { describeProject } from "../analyze/index.js";
import type { GenerateOptions } from "../generate.js";
import ts from "../typescript.cjs";
import { type WatchRun, WatchSession } from "../watch/session.js";
import { displayPath } from "./report.js";
import { reportDiagnostics } from "./report-diagnostics.js";

/** Changes arriving within this many ms of each other are handled in one run. */
const settleMs = 50;

/**
 * `rpcgen generate --watch`: generates everything, then after each change regenerates only
 * the inputs that import the changed files, printing one line per run. Watches the folders of
 * the inputs and of every file they import (outside packages), the tsconfig.json and the
 * package.json. Resolves when the process receives SIGINT or SIGTERM.
 */
export function watch(
  options: GenerateOptions,
  flags: { readonly verbose: boolean },
): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.outDir);
  const session = new WatchSession(options);
  const watchers = new Map<string, FSWatcher>();
  const changed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const onChange = (dir: string, name: string | null) => {
    if (name === null || !isWatchedName(name)) return;
    const path = resolve(dir, name);
    // Our own output must not trigger another run when --out sits beside the inputs.
    if (path.startsWith(`${outDir}/`)) return;
    changed.add(path);
    clearTimeout(timer);
    timer = setTimeout(runChanged, settleMs);
  };
  const rewatch = () => {
    const dirs = watchedDirs(session, options, cwd);
    for (const [dir, watcher] of watchers) {
      if (dirs.has(dir)) continue;
      watcher.close();
      watchers.delete(dir);
    }
    for (const dir of dirs) {
      if (watchers.has(dir) || dir === outDir) continue;
      try {
        watchers.set(
          dir,
          watchFs(dir, (_event, name) => onChange(dir, name)),
        );
      } catch {
        // A folder that does not exist (a missing input's): its parent's watcher sees it appear.
      }
    }
  };
  const runOnce = (paths: readonly string[]) => {
    const started = performance.now();
    const run = session.run(paths);
    if (run !== undefined) report(run, paths, Math.round(performance.now() - started));
    rewatch();
    return run;
  };
  const runChanged = () => {
    const paths = [...changed];
    changed.clear();
    runOnce(paths);
  };
  const report = (run: WatchRun, paths: readonly string[], ms: number) => {
    if (paths.length === 0 && flags.verbose && run.project !== undefined) {
      process.stdout.write(`rpcgen: ${describeProject(run.project, cwd)}\n`);
    }
    const after = paths.length === 0 ? "" : ` after ${listPaths(paths, cwd)}`;
    if (run.diagnostics.length > 0) {
      reportDiagnostics(run.diagnostics, cwd, `nothing written (${ms} ms)${after}`);
      return;
    }
    const written = run.files.filter((f) => f.status === "written").length;
    process.stdout.write(
      `rpcgen: ${written} written, ${run.files.length - written} unchanged (${ms} ms)${after}\n`,
    );
  };

  runOnce([]);
  const shown = [...watchers.keys()].map((dir) => displayPath(dir, cwd));
  process.stdout.write(`rpcgen: watching ${shown.join(", ")}\n`);
  return new Promise((resolveDone) => {
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      resolveDone();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/** TypeScript sources, and the files that decide how they are compiled. */
function isWatchedName(name: string): boolean {
  const file = basename(name);
  return /\.[cm]?tsx?$/.test(file) || file === "package.json" || /^tsconfig.*\.json$/.test(file);
}

/** The inputs' folders, those of every file they import, the tsconfig's and package.json's. */
function watchedDirs(session: WatchSession, options: GenerateOptions, cwd: string): Set<string> {
  const inputs = options.files.map((file) => resolve(cwd, file));
  const dirs = new Set([...inputs, ...session.watchedFiles()].map((file) => dirname(file)));
  const first = inputs[0];
  if (first !== undefined) {
    const pkg = ts.findConfigFile(dirname(first), ts.sys.fileExists, "package.json");
    if (pkg !== undefined) dirs.add(dirname(resolve(pkg)));
  }
  return dirs;
}

/** `services/orders.ts`, or the first three and how many more. */
function listPaths(paths: readonly string[], cwd: string): string {
  const shown = paths.slice(0, 3).map((path) => displayPath(path, cwd));
  return paths.length > 3 ? `${shown.join(", ")} and ${paths.length - 3} more` : shown.join(", ");
}
