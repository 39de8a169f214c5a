import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { Diagnostic, ProgramBuild, ProjectSettings } from "../analyze/index.js";
import {
  analyzeForGenerate,
  type GeneratedFile,
  type GenerateOptions,
  writeGenerated,
} from "../generate.js";
import ts from "../typescript.cjs";
import { importClosure } from "./imports.js";
import { SourceFileCache } from "./source-cache.js";

/** What one run of a {@link WatchSession} did. */
export interface WatchRun {
  /** Problems in the inputs regenerated; when any is present nothing was written. */
  readonly diagnostics: readonly Diagnostic[];
  /** The output files of the inputs regenerated. */
  readonly files: readonly GeneratedFile[];
  readonly project: ProjectSettings | undefined;
}

/**
 * `rpcgen generate --watch` between two edits: keeps the program, its source files and each
 * input's imports, so a run after an edit parses only the changed files and checks, analyzes
 * and writes only the inputs that import them (directly or not). Inputs a failed run could
 * not generate stay due until a run succeeds.
 */
export class WatchSession {
  readonly #options: GenerateOptions;
  readonly #cache = new SourceFileCache();
  #program: ts.Program | undefined;
  /** Each input's import closure (absolute paths) in the last program. */
  #closures = new Map<string, ReadonlySet<string>>();
  /** Inputs not generated since they last changed; all of them until the first success. */
  #due: Set<string> | "all" = "all";
  /** The tsconfig.json the last run used. */
  #tsconfig: string | undefined;

  constructor(options: GenerateOptions) {
    this.#options = options;
  }

  /**
   * Generates the inputs the `changed` files (absolute paths) reach; all of them on the first
   * run, or when a tsconfig.json or package.json changed (module resolution may have). Returns
   * undefined when no input is reached.
   */
  run(changed: readonly string[]): WatchRun | undefined {
    if (changed.some(isProjectFile)) this.#reset();
    let reuse = this.#program;
    for (const path of changed) {
      this.#cache.forget(path);
      // A file appearing or going away can change how imports resolve: resolve all again.
      if (reuse?.getSourceFile(path) === undefined || !existsSync(path)) reuse = undefined;
    }
    const due = this.#due === "all" ? "all" : new Set(this.#due);
    const build = this.#build(reuse, changed, due);
    const analyzed = analyzeForGenerate(this.#options, build);
    if (due !== "all" && due.size === 0) return undefined;
    this.#tsconfig = analyzed.project?.tsconfig;
    if (analyzed.diagnostics.length > 0) {
      this.#due = due;
      return { diagnostics: analyzed.diagnostics, files: [], project: analyzed.project };
    }
    this.#due = new Set();
    const files = writeGenerated(analyzed, this.#options);
    return { diagnostics: [], files, project: analyzed.project };
  }

  /** Every file the inputs depend on, and the tsconfig.json: what to watch. */
  watchedFiles(): string[] {
    const files = new Set<string>();
    for (const closure of this.#closures.values()) for (const file of closure) files.add(file);
    if (this.#tsconfig !== undefined) files.add(this.#tsconfig);
    return [...files];
  }

  #reset(): void {
    this.#cache.clear();
    this.#program = undefined;
    this.#due = "all";
  }

  /**
   * Builds the program from `reuse`, then adds to `due` each input whose imports contain a
   * changed file, before or after the edit, or changed with it (an import added or removed,
   * or resolving elsewhere).
   */
  #build(reuse: ts.Program | undefined, changed: readonly string[], due: Set<string> | "all") {
    const cwd = this.#options.cwd ?? process.cwd();
    const changes = new Set(changed.map((path) => resolve(cwd, path)));
    const checked = new Set<string>();
    const build: ProgramBuild = {
      create: (rootNames, options) => {
        const host = this.#cache.host(options);
        const program = ts.createProgram({
          rootNames,
          options,
          host,
          ...(reuse === undefined ? {} : { oldProgram: reuse }),
        });
        const closures = new Map<string, ReadonlySet<string>>();
        for (const root of rootNames) {
          const closure = importClosure(program, root);
          closures.set(root, closure);
          const before = this.#closures.get(root);
          const reached =
            changes.has(root) ||
            before === undefined ||
            !sameSet(before, closure) ||
            [...changes].some((path) => closure.has(path) || before.has(path));
          if (due !== "all" && reached) due.add(root);
          if (due === "all" || due.has(root)) for (const file of closure) checked.add(file);
        }
        this.#program = program;
        this.#closures = closures;
        return program;
      },
      analyzes: (file) => due === "all" || due.has(file),
      checks: (file) => checked.has(file.fileName),
    };
    return build;
  }
}

/** A change to these may change the compiler options or how every import resolves. */
function isProjectFile(path: string): boolean {
  const name = basename(path);
  return name === "package.json" || /^tsconfig.*\.json$/.test(name);
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
