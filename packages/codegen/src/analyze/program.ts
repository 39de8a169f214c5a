import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "../typescript.cjs";
import { DiagnosticCode } from "./codes.js";
import type { DiagnosticSink } from "./diagnostics.js";

/** What the analyzer needs from the TypeScript project. */
export interface AnalysisProgram {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  /** The IDL files that exist, absolute, in the order given. */
  readonly files: readonly ts.SourceFile[];
  /** Which compiler options were used, and why. */
  readonly project: ProjectSettings;
}

/** The compiler options the IDL was analyzed with, for `rpcgen generate --verbose`. */
export interface ProjectSettings {
  /** The tsconfig.json whose options were used, absolute; undefined with the defaults. */
  readonly tsconfig: string | undefined;
  /**
   * `given`: the `tsconfig` option; `found`: the nearest tsconfig.json, looked up from the
   * first IDL file's directory upwards; `default`: none found (or the one given is unusable).
   */
  readonly origin: "given" | "found" | "default";
  /** The effective `module` and `moduleResolution`, spelled as in a tsconfig (`nodenext`). */
  readonly module: string;
  readonly moduleResolution: string;
}

/**
 * Without a tsconfig: strict, and the resolution that accepts what users write: bundler
 * resolution (`module: "preserve"`) takes extensionless relative imports (`./types`), the
 * NodeNext spelling (`./types.js`, resolved to `types.ts`), `.ts` extensions (allowed since
 * nothing is emitted) and packages through their `exports`. Only the ES library: IDL files
 * describe data, and leaving out the DOM keeps the program small and fast to build.
 */
const defaultOptions: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  lib: ["lib.es2023.d.ts"],
  skipLibCheck: true,
  noEmit: true,
};

/** "No inputs were found": irrelevant, the analyzer passes its own root files. */
const noInputsCode = 18003;

/**
 * One program over all IDL files. Its compiler options come from, in order: the `tsconfig`
 * given; the nearest tsconfig.json above the first IDL file (as `tsc` finds one above the
 * working directory: the IDL's own project is what compiles it and the generated module);
 * else the defaults above.
 */
export function createAnalysisProgram(
  options: { files: readonly string[]; tsconfig?: string | undefined; cwd: string },
  sink: DiagnosticSink,
  build?: ProgramBuild,
): AnalysisProgram {
  const rootNames: string[] = [];
  for (const file of options.files) {
    const absolute = resolve(options.cwd, file);
    if (existsSync(absolute)) rootNames.push(absolute);
    else sink.add(notFound(absolute, "IDL file"));
  }
  const { compilerOptions, tsconfig, origin } = readCompilerOptions(options, rootNames[0], sink);
  const program =
    build?.create(rootNames, compilerOptions) ??
    ts.createProgram({ rootNames, options: compilerOptions });
  reportTypeScriptErrors(program, sink, rootNames[0] ?? options.cwd, build);
  const files = rootNames.flatMap((name) => program.getSourceFile(name) ?? []);
  const project: ProjectSettings = { tsconfig, origin, ...effectiveModule(compilerOptions) };
  return { program, checker: program.getTypeChecker(), files, project };
}

/**
 * How a run reuses the previous one (`rpcgen generate --watch`): the program is built from the
 * previous program and cached source files, so unchanged files are neither read, parsed nor
 * bound again, and only the inputs an edit reaches are checked and analyzed.
 */
export interface ProgramBuild {
  /** Builds the program over `rootNames` (all the inputs, so it matches the previous one). */
  create(rootNames: readonly string[], options: ts.CompilerOptions): ts.Program;
  /** Whether the input (absolute) is analyzed. */
  analyzes(file: string): boolean;
  /** Whether a file's TypeScript errors are reported: those of the analyzed inputs' imports. */
  checks(file: ts.SourceFile): boolean;
}

interface ChosenOptions {
  readonly compilerOptions: ts.CompilerOptions;
  readonly tsconfig: string | undefined;
  readonly origin: ProjectSettings["origin"];
}

function readCompilerOptions(
  options: { tsconfig?: string | undefined; cwd: string },
  firstFile: string | undefined,
  sink: DiagnosticSink,
): ChosenOptions {
  const defaults: ChosenOptions = {
    compilerOptions: defaultOptions,
    tsconfig: undefined,
    origin: "default",
  };
  let path: string;
  let origin: ChosenOptions["origin"];
  if (options.tsconfig !== undefined) {
    path = resolve(options.cwd, options.tsconfig);
    origin = "given";
    if (!existsSync(path)) {
      sink.add(notFound(path, "tsconfig"));
      return defaults;
    }
  } else {
    const found = ts.findConfigFile(dirname(firstFile ?? resolve(options.cwd, "x")), (p) =>
      ts.sys.fileExists(p),
    );
    if (found === undefined) return defaults;
    path = resolve(found);
    origin = "found";
  }
  const read = ts.readConfigFile(path, (p) => ts.sys.readFile(p));
  if (read.error !== undefined) {
    sink.addTypeScript([read.error], path);
    return { ...defaults, tsconfig: path, origin };
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(path), {}, path);
  sink.addTypeScript(
    parsed.errors.filter((e) => e.code !== noInputsCode),
    path,
  );
  return { compilerOptions: analysisOptions(parsed.options), tsconfig: path, origin };
}

/**
 * The project's options as the analyzer uses them. It only reads types: it must never write
 * next to the user's sources, and how output would be written (`rootDir`, `outDir`,
 * declaration maps) must not make an IDL file outside the project's sources an error. `strictNullChecks` is always on: without
 * it `T | null` and `x?: T | undefined` are just `T`, and the schema would lose what was written.
 */
function analysisOptions(options: ts.CompilerOptions): ts.CompilerOptions {
  const {
    rootDir: _rootDir,
    outDir: _outDir,
    outFile: _outFile,
    declarationDir: _declarationDir,
    tsBuildInfoFile: _tsBuildInfoFile,
    // Settings of declaration output, which would conflict with `declaration: false`.
    declarationMap: _declarationMap,
    emitDeclarationOnly: _emitDeclarationOnly,
    isolatedDeclarations: _isolatedDeclarations,
    ...rest
  } = options;
  return {
    ...rest,
    strictNullChecks: true,
    noEmit: true,
    declaration: false,
    composite: false,
    incremental: false,
  };
}

/**
 * The module settings in effect, defaults filled in. TypeScript computes them with functions it
 * exports at run time but not in its declarations (the defaults change between versions, so
 * they are not copied here); without them, what the options say, or `default`.
 */
function effectiveModule(
  options: ts.CompilerOptions,
): Pick<ProjectSettings, "module" | "moduleResolution"> {
  const internal = ts as unknown as {
    getEmitModuleKind?: (o: ts.CompilerOptions) => ts.ModuleKind;
    getEmitModuleResolutionKind?: (o: ts.CompilerOptions) => ts.ModuleResolutionKind;
  };
  const module = internal.getEmitModuleKind?.(options) ?? options.module;
  const resolution = internal.getEmitModuleResolutionKind?.(options) ?? options.moduleResolution;
  return {
    module: module === undefined ? "default" : enumName(ts.ModuleKind, module),
    moduleResolution:
      resolution === undefined ? "default" : enumName(ts.ModuleResolutionKind, resolution),
  };
}

/** `NodeNext` as a tsconfig spells it: `nodenext`. */
function enumName(values: Record<number, string>, value: number): string {
  return (values[value] ?? String(value)).toLowerCase();
}

/**
 * TypeScript's errors in the user's own files (not the standard library, not packages): an IDL
 * that does not compile would give generated code that does not compile either, and an
 * unresolved import shows up here at the import itself.
 */
function reportTypeScriptErrors(
  program: ts.Program,
  sink: DiagnosticSink,
  fallback: string,
  build: ProgramBuild | undefined,
): void {
  sink.addTypeScript(program.getOptionsDiagnostics(), fallback);
  sink.addTypeScript(program.getGlobalDiagnostics(), fallback);
  for (const file of program.getSourceFiles()) {
    if (program.isSourceFileDefaultLibrary(file) || program.isSourceFileFromExternalLibrary(file)) {
      continue;
    }
    if (build !== undefined && !build.checks(file)) continue;
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
