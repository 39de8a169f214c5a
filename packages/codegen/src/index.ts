/**
 * @rpcgen/codegen: the `rpcgen` CLI's library form. Three stages, each usable alone:
 * {@link analyze} (TypeScript IDL files to the schema IR, with diagnostics), the IR itself
 * (plain JSON, see `Schema`), and {@link emit} (IR to a TypeScript module); {@link generate}
 * runs all three and writes the files.
 */
export {
  type AnalyzeOptions,
  type AnalyzeResult,
  analyze,
  type Diagnostic,
  formatDiagnostic,
} from "./analyze/index.js";
export { type EmitOptions, emit } from "./emit/index.js";
export {
  type GeneratedFile,
  type GenerateOptions,
  type GenerateResult,
  generate,
} from "./generate.js";
export type * from "./ir/schema.js";
export { schemaVersion } from "./ir/schema.js";
export { type EmitPythonOptions, emitPython, generatePython } from "./python/index.js";
