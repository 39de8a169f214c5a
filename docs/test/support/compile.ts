import { join } from "node:path";
import ts from "typescript";
import { repoRoot, workspacePackagePaths } from "./workspace.js";

let options: ts.CompilerOptions | undefined;

/**
 * The workspace's own compiler options (tsconfig.base.json: strict, noUncheckedIndexedAccess,
 * exactOptionalPropertyTypes, NodeNext, the `@rpcgen/source` condition), so a snippet compiles
 * in the docs exactly when it would in this repository. Only what a type check without output
 * needs differs.
 */
export function docCompilerOptions(): ts.CompilerOptions {
  if (options !== undefined) return options;
  const basePath = join(repoRoot, "tsconfig.base.json");
  const read = ts.readConfigFile(basePath, ts.sys.readFile);
  if (read.error !== undefined) throw new Error(messageOf(read.error));
  const converted = ts.convertCompilerOptionsFromJson(
    Reflect.get(read.config, "compilerOptions"),
    repoRoot,
  );
  const firstError = converted.errors[0];
  if (firstError !== undefined) throw new Error(messageOf(firstError));
  options = {
    ...converted.options,
    noEmit: true,
    composite: false,
    incremental: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    // Two unnamed blocks may both declare `const x`: each is a module even without imports.
    moduleDetection: ts.ModuleDetectionKind.Force,
    // Fragments are declaration files; only the docs' files are checked, so this costs nothing.
    skipLibCheck: false,
    paths: workspacePackagePaths(),
  };
  return options;
}

/** Parsed library and package files, shared by every doc's program: parsing them is most of the cost. */
const sharedSources = new Map<string, ts.SourceFile>();

/**
 * Type-checks files that exist only in memory (absolute path to text) against the real file
 * system for everything else, and returns the diagnostics of those files only.
 */
export function typeCheck(files: ReadonlyMap<string, string>): readonly ts.Diagnostic[] {
  const compilerOptions = docCompilerOptions();
  const host = virtualHost(files, compilerOptions);
  const program = ts.createProgram({
    rootNames: [...files.keys()],
    options: compilerOptions,
    host,
  });
  const diagnostics: ts.Diagnostic[] = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  for (const source of program.getSourceFiles()) {
    if (!files.has(source.fileName)) continue;
    diagnostics.push(...program.getSyntacticDiagnostics(source));
    diagnostics.push(...program.getSemanticDiagnostics(source));
  }
  return diagnostics;
}

function virtualHost(
  files: ReadonlyMap<string, string>,
  compilerOptions: ts.CompilerOptions,
): ts.CompilerHost {
  const host = ts.createCompilerHost(compilerOptions, true);
  const directories = new Set<string>();
  for (const file of files.keys()) {
    for (let dir = parentOf(file); dir !== undefined; dir = parentOf(dir)) directories.add(dir);
  }
  const { fileExists, readFile, directoryExists, getSourceFile } = host;
  return {
    ...host,
    getCurrentDirectory: () => repoRoot,
    fileExists: (name) => files.has(name) || fileExists.call(host, name),
    readFile: (name) => files.get(name) ?? readFile.call(host, name),
    directoryExists: (name) => directories.has(name) || (directoryExists?.call(host, name) ?? true),
    realpath: (name) => (files.has(name) || directories.has(name) ? name : realpathOf(host, name)),
    getSourceFile(name, languageVersion, onError, fresh) {
      const text = files.get(name);
      if (text !== undefined) return ts.createSourceFile(name, text, languageVersion, true);
      const key = `${name}\0${JSON.stringify(languageVersion)}`;
      const cached = sharedSources.get(key);
      if (cached !== undefined) return cached;
      const parsed = getSourceFile.call(host, name, languageVersion, onError, fresh);
      if (parsed !== undefined) sharedSources.set(key, parsed);
      return parsed;
    },
  };
}

function realpathOf(host: ts.CompilerHost, name: string): string {
  return host.realpath?.(name) ?? name;
}

function parentOf(path: string): string | undefined {
  const slash = path.lastIndexOf("/");
  return slash > 0 ? path.slice(0, slash) : undefined;
}

function messageOf(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
}
