import { basename, extname, join, resolve } from "node:path";
import type { AnalyzeResult } from "../analyze/index.js";
import {
  analyzeForGenerate,
  type GeneratedFile,
  type GenerateOptions,
  type GenerateResult,
  put,
} from "../generate.js";
import { generatorVersion } from "../version.js";
import { emitPython } from "./emit.js";
import { snakeCase } from "./naming.js";

/**
 * The writing step of `rpcgen generate --lang python`, for an analysis free of diagnostics:
 * one `<name>.py` per IDL file in `outDir`. Files whose content did not change are not
 * touched; with `check` nothing is written and differing files are `stale`.
 */
export function writePython(
  analyzed: Pick<AnalyzeResult, "schemas">,
  options: GenerateOptions,
): GeneratedFile[] {
  const outDir = resolve(options.cwd ?? process.cwd(), options.outDir);
  return analyzed.schemas.map(({ file, schema }) => {
    const path = join(outDir, `${pythonModuleName(file)}.py`);
    return put(path, emitPython(schema, { generatorVersion }), options.check === true);
  });
}

/** The module an IDL file becomes: `place-my-ride.ts` is `place_my_ride` (importable). */
export function pythonModuleName(file: string): string {
  return snakeCase(basename(file, extname(file)));
}

/**
 * The library form of `rpcgen generate --lang python`: analyzes the IDL files as
 * {@link generate} does and, when they are free of errors, writes one Python module per file.
 */
export function generatePython(options: GenerateOptions): GenerateResult {
  const analyzed = analyzeForGenerate(options);
  if (analyzed.diagnostics.length > 0) {
    return { diagnostics: analyzed.diagnostics, files: [], project: analyzed.project };
  }
  return { diagnostics: [], files: writePython(analyzed, options), project: analyzed.project };
}
