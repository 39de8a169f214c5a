/**
 * The analyze stage of the codegen pipeline: TypeScript IDL files in, the schema IR out, with
 * every problem collected as a diagnostic (never thrown). Emitters read only the IR.
 */
import { resolve } from "node:path";
import type { Schema } from "../ir/schema.js";
import { type Diagnostic, DiagnosticSink } from "./diagnostics.js";
import { createAnalysisProgram } from "./program.js";
import { analyzeFile } from "./services.js";

export { DiagnosticCode } from "./codes.js";
export { type Diagnostic, formatDiagnostic } from "./diagnostics.js";

export interface AnalyzeOptions {
  /** The IDL files, absolute or relative to `cwd`. */
  readonly files: readonly string[];
  /** Where the generated code will be written: the IR's paths are relative to it. */
  readonly outDir: string;
  /** A tsconfig.json whose compiler options are used; strict NodeNext defaults without one. */
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
}

/**
 * Analyzes the IDL files with one TypeScript program, so types shared between files are
 * resolved once and imports between them work. Deterministic: the same files give the same IR.
 */
export function analyze(options: AnalyzeOptions): AnalyzeResult {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.outDir);
  const sink = new DiagnosticSink();
  const { program, checker, files } = createAnalysisProgram(
    { files: options.files, tsconfig: options.tsconfig, cwd },
    sink,
  );
  const schemas = files.map((file) => ({
    file: file.fileName,
    schema: analyzeFile({ program, checker, sink, outDir }, file),
  }));
  return { schemas, diagnostics: sink.sorted() };
}
