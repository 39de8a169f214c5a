/**
 * The analyze stage of the codegen pipeline: TypeScript IDL files in, the schema IR out, with
 * every problem collected as a diagnostic (never thrown). Emitters read only the IR.
 */
import { resolve } from "node:path";
import type { Schema } from "../ir/schema.js";
import { type Diagnostic, DiagnosticSink } from "./diagnostics.js";
import { createAnalysisProgram, type ProgramBuild, type ProjectSettings } from "./program.js";
import { Reach, usedByNote } from "./reach.js";
import { analyzeFile } from "./services.js";

export { DiagnosticCode } from "./codes.js";
export { type Diagnostic, formatDiagnostic } from "./diagnostics.js";
export type { ProgramBuild, ProjectSettings } from "./program.js";
export { describeProject } from "./project.js";

export interface AnalyzeOptions {
  /** The IDL files, absolute or relative to `cwd`. */
  readonly files: readonly string[];
  /** Where the generated code will be written: the IR's paths are relative to it. */
  readonly outDir: string;
  /**
   * A tsconfig.json whose compiler options are used. Without one, the nearest tsconfig.json
   * above the first IDL file is used; without any, strict defaults with bundler resolution.
   */
  readonly tsconfig?: string;
  /** The directory relative paths are resolved from; `process.cwd()` by default. */
  readonly cwd?: string;
}

export interface AnalyzeResult {
  /** One schema per IDL file that exists, in the order given. */
  readonly schemas: readonly { readonly file: string; readonly schema: Schema }[];
  /**
   * Every problem, sorted by file, line and column. The schemas are complete only when this is
   * empty; with diagnostics they are a best effort (refused types appear as `unknown`, refused
   * methods are left out) and must not be used to generate code.
   */
  readonly diagnostics: readonly Diagnostic[];
  /** The compiler options the files were analyzed with, and where they came from. */
  readonly project: ProjectSettings;
}

/**
 * Analyzes the IDL files with one TypeScript program, so types shared between files are
 * resolved once and imports between them work. Deterministic: the same files give the same IR.
 * A problem in a type is reported once, ending with every method that reaches it.
 */
export function analyze(options: AnalyzeOptions): AnalyzeResult {
  return analyzeWith(options, undefined);
}

/**
 * {@link analyze}, reusing the previous run through `build` (`rpcgen generate --watch`): only
 * the inputs `build` selects get a schema, each numbered as in a full run.
 */
export function analyzeWith(
  options: AnalyzeOptions,
  build: ProgramBuild | undefined,
): AnalyzeResult {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.outDir);
  const sink = new DiagnosticSink();
  const { program, checker, files, project } = createAnalysisProgram(
    { files: options.files, tsconfig: options.tsconfig, cwd },
    sink,
    build,
  );
  const reach = new Reach();
  sink.observe((key) => reach.found(key));
  const inputs = { program, checker, sink, reach, outDir, cwd };
  const schemas = files.flatMap((file, index) =>
    build === undefined || build.analyzes(file.fileName)
      ? [{ file: file.fileName, schema: analyzeFile(inputs, file, index) }]
      : [],
  );
  const reachers = reach.reachers();
  const diagnostics = sink.sorted((key) => usedByNote(reachers.get(key) ?? []));
  return { schemas, diagnostics, project };
}
