import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";
import { DiagnosticCode } from "./codes.js";
import type { DiagnosticSink } from "./diagnostics.js";

/** What the analyzer needs from the TypeScript project. */
export interface AnalysisProgram {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  /** The IDL files that exist, absolute, in the order given. */
  readonly files: readonly ts.SourceFile[];
}

/**
 * Without a tsconfig: strict, and Node's own resolution (NodeNext), so imports of other files
 * (`./shared/geo.js`) and of packages in node_modules (through `exports`/`types`) resolve the
 * way they will when the generated code runs. Only the ES library: IDL files describe data,
 * and leaving out the DOM keeps the program small and fast to build.
 */
const defaultOptions: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2023.d.ts"],
  skipLibCheck: true,
  noEmit: true,
};

/** "No inputs were found": irrelevant, the analyzer passes its own root files. */
const noInputsCode = 18003;

export function createAnalysisProgram(
  options: { files: readonly string[]; tsconfig?: string | undefined; cwd: string },
  sink: DiagnosticSink,
): AnalysisProgram {
  const rootNames: string[] = [];
  for (const file of options.files) {
    const absolute = resolve(options.cwd, file);
    if (existsSync(absolute)) rootNames.push(absolute);
    else sink.add(notFound(absolute, "IDL file"));
  }
  const compilerOptions = readCompilerOptions(options, sink);
  const program = ts.createProgram({ rootNames, options: compilerOptions });
  reportTypeScriptErrors(program, sink, rootNames[0] ?? options.cwd);
  const files = rootNames.flatMap((name) => program.getSourceFile(name) ?? []);
  return { program, checker: program.getTypeChecker(), files };
}

function readCompilerOptions(
  options: { tsconfig?: string | undefined; cwd: string },
  sink: DiagnosticSink,
): ts.CompilerOptions {
  if (options.tsconfig === undefined) return defaultOptions;
  const path = resolve(options.cwd, options.tsconfig);
  if (!existsSync(path)) {
    sink.add(notFound(path, "tsconfig"));
    return defaultOptions;
  }
  const read = ts.readConfigFile(path, (p) => ts.sys.readFile(p));
  if (read.error !== undefined) {
    sink.addTypeScript([read.error], path);
    return defaultOptions;
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(path), {}, path);
  sink.addTypeScript(
    parsed.errors.filter((e) => e.code !== noInputsCode),
    path,
  );
  // The analyzer only reads types; it must never write next to the user's sources.
  return {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    composite: false,
    incremental: false,
  };
}

/**
 * TypeScript's errors in the user's own files (not the standard library, not packages): an IDL
 * that does not compile would give generated code that does not compile either, and an
 * unresolved import shows up here at the import itself.
 */
function reportTypeScriptErrors(program: ts.Program, sink: DiagnosticSink, fallback: string): void {
  sink.addTypeScript(program.getOptionsDiagnostics(), fallback);
  sink.addTypeScript(program.getGlobalDiagnostics(), fallback);
  for (const file of program.getSourceFiles()) {
    if (program.isSourceFileDefaultLibrary(file) || program.isSourceFileFromExternalLibrary(file)) {
      continue;
    }
    sink.addTypeScript(program.getSyntacticDiagnostics(file), file.fileName);
    sink.addTypeScript(program.getSemanticDiagnostics(file), file.fileName);
  }
}

function notFound(file: string, what: string) {
  return {
    file,
    line: 1,
    column: 1,
    code: DiagnosticCode.fileNotFound,
    message: `${what} not found: check the path (relative paths are resolved from the working directory).`,
  };
}
