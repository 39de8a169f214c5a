import { statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { compareStrings } from "./analyze/diagnostics.js";
import {
  type AnalyzeOptions,
  type AnalyzeResult,
  analyzeWith,
  type Diagnostic,
  type ProgramBuild,
} from "./analyze/index.js";

/** The codes {@link analyzeInputs} adds to the analyzer's. */
export const InputCode = {
  /** An input that is a directory, not an IDL file. */
  notAFile: "not-a-file",
  /** An IDL file that declares no service. */
  noService: "no-service",
} as const;

/**
 * Analyzes IDL files as `generate` does, and also reports two mistakes the analyzer lets
 * through: a directory given as an input, and an input declaring no service (which would
 * generate an empty module, most likely because the file or the interface is not the one
 * meant). A file with problems of its own is not also reported as having no service, since
 * refused methods are left out of its schema.
 */
export function analyzeInputs(options: AnalyzeOptions, build?: ProgramBuild): AnalyzeResult {
  const cwd = options.cwd ?? process.cwd();
  const directories = options.files.filter((file) => isDirectory(resolve(cwd, file)));
  const files = options.files.filter((file) => !directories.includes(file));
  const analyzed = analyzeWith({ ...options, files }, build);
  const diagnostics: Diagnostic[] = [...analyzed.diagnostics];
  for (const dir of directories) diagnostics.push(notAFile(resolve(cwd, dir)));
  for (const { file, schema } of analyzed.schemas) {
    const clean = !analyzed.diagnostics.some((d) => d.file === file);
    if (clean && schema.services.length === 0) diagnostics.push(noService(file));
  }
  diagnostics.sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line);
  return { schemas: analyzed.schemas, diagnostics, project: analyzed.project };
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function notAFile(file: string): Diagnostic {
  return {
    file,
    line: 1,
    column: 1,
    code: InputCode.notAFile,
    message: `${basename(file)} is a directory, not an IDL file: pass the files that declare services (e.g. \`services/*.ts\`).`,
  };
}

function noService(file: string): Diagnostic {
  return {
    file,
    line: 1,
    column: 1,
    code: InputCode.noService,
    message: `no service in ${basename(file)}: a service is an exported interface whose members are all methods, e.g. \`export interface Greeter { greet(name: string): Promise<string>; }\`. A file holding only types that services use need not be passed: rpcgen finds them through the imports.`,
  };
}
