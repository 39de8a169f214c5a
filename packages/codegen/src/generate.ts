import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { AnalyzeResult, Diagnostic, ProgramBuild, ProjectSettings } from "./analyze/index.js";
import { formatJson } from "./emit/format/index.js";
import { emit } from "./emit/index.js";
import { analyzeInputs } from "./inputs.js";
import type { Schema } from "./ir/schema.js";
import { generatorVersion } from "./version.js";

/** Options for {@link generate}. */
export interface GenerateOptions {
  /** IDL files: TypeScript files whose exported method-only interfaces are services. */
  readonly files: readonly string[];
  /** Directory the generated modules and schemas are written to. */
  readonly outDir: string;
  /** A tsconfig.json whose compiler options resolve the IDL's imports. */
  readonly tsconfig?: string;
  /** Base for relative paths; default `process.cwd()`. */
  readonly cwd?: string;
  /** Write nothing; report the files that are missing or differ as `stale`. */
  readonly check?: boolean;
}

/** One output file of {@link generate}. */
export interface GeneratedFile {
  /** Absolute path. */
  readonly path: string;
  /** `written` (new or changed), `unchanged`, or with `check`, `stale`. */
  readonly status: "written" | "unchanged" | "stale";
}

/** What {@link generate} did. */
export interface GenerateResult {
  /** Problems in the IDL; when any is present nothing was written. */
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly GeneratedFile[];
  /** The compiler options the IDL was read with (absent when the inputs were refused first). */
  readonly project: ProjectSettings | undefined;
}

/**
 * The library form of `rpcgen generate`, for build tools: analyzes the IDL files, and when
 * they are free of errors writes one module (`<name>.ts`) and one schema (`<name>.schema.json`)
 * per input file into `outDir`. Files whose content did not change are not touched, so
 * watchers downstream do not fire.
 */
export function generate(options: GenerateOptions): GenerateResult {
  const analyzed = analyzeForGenerate(options);
  if (analyzed.diagnostics.length > 0) {
    return { diagnostics: analyzed.diagnostics, files: [], project: analyzed.project };
  }
  return { diagnostics: [], files: writeGenerated(analyzed, options), project: analyzed.project };
}

/**
 * The analysis step of {@link generate}: the IDL files as the analyzer sees them, plus the
 * mistakes in the inputs themselves (two inputs writing the same files, a directory, a file
 * with no service). Tools that act between analyzing and writing (the skeleton) call the two
 * steps themselves, so the IDL is read once. `build` reuses the previous run (`--watch`).
 */
export function analyzeForGenerate(
  options: GenerateOptions,
  build?: ProgramBuild,
): GenerateAnalysis {
  const cwd = options.cwd ?? process.cwd();
  const clash = findNameClash(options.files.map((file) => resolve(cwd, file)));
  if (clash !== undefined) return { schemas: [], diagnostics: [clash], project: undefined };
  return analyzeInputs(
    {
      files: options.files,
      outDir: resolve(cwd, options.outDir),
      cwd,
      ...(options.tsconfig === undefined ? {} : { tsconfig: resolve(cwd, options.tsconfig) }),
    },
    build,
  );
}

/** What {@link analyzeForGenerate} found: the analysis, or the inputs' own problems. */
type GenerateAnalysis = Pick<AnalyzeResult, "schemas" | "diagnostics"> & {
  readonly project: ProjectSettings | undefined;
};

/** The writing step of {@link generate}, for an analysis free of diagnostics. */
export function writeGenerated(
  analyzed: Pick<AnalyzeResult, "schemas">,
  options: GenerateOptions,
): GeneratedFile[] {
  const outDir = resolve(options.cwd ?? process.cwd(), options.outDir);
  const outputs: GeneratedFile[] = [];
  for (const { file, schema } of analyzed.schemas) {
    const name = basename(file, extname(file));
    const module = emit(schema, { generatorVersion });
    const json = schemaJson(schema);
    outputs.push(put(join(outDir, `${name}.ts`), module, options.check === true));
    outputs.push(put(join(outDir, `${name}.schema.json`), json, options.check === true));
  }
  return outputs;
}

/** The schema as written to disk: JSON in Biome's layout, like the generated module. */
export function schemaJson(schema: Schema): string {
  return formatJson(schema);
}

/**
 * Writes one generated file unless it already holds `content`; with `check`, only reports
 * it stale. Shared by the TypeScript and Python outputs.
 */
export function put(path: string, content: string, check: boolean): GeneratedFile {
  const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (current === content) return { path, status: "unchanged" };
  if (check) return { path, status: "stale" };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return { path, status: "written" };
}

/** Two inputs named alike would write the same output files. */
function findNameClash(files: readonly string[]): Diagnostic | undefined {
  const seen = new Map<string, string>();
  for (const file of files) {
    const name = basename(file, extname(file));
    const other = seen.get(name);
    if (other !== undefined && other !== file) {
      return {
        file,
        line: 1,
        column: 1,
        code: "output-name-clash",
        message: `${file} and ${other} would both generate ${name}.ts; rename one of them or generate them into different --out directories`,
      };
    }
    seen.set(name, file);
  }
  return undefined;
}
