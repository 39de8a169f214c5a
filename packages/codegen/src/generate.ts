import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { analyze, type Diagnostic } from "./analyze/index.js";
import { emit, formatWithBiome } from "./emit/index.js";
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
}

/**
 * The library form of `rpcgen generate`, for build tools: analyzes the IDL files, and when
 * they are free of errors writes one module (`<name>.ts`) and one schema (`<name>.schema.json`)
 * per input file into `outDir`. Files whose content did not change are not touched, so
 * watchers downstream do not fire.
 */
export function generate(options: GenerateOptions): GenerateResult {
  const cwd = options.cwd ?? process.cwd();
  const files = options.files.map((file) => resolve(cwd, file));
  const outDir = resolve(cwd, options.outDir);
  const clash = findNameClash(files);
  if (clash !== undefined) return { diagnostics: [clash], files: [] };
  const analyzed = analyze({
    files,
    outDir,
    cwd,
    ...(options.tsconfig === undefined ? {} : { tsconfig: resolve(cwd, options.tsconfig) }),
  });
  if (analyzed.diagnostics.length > 0) return { diagnostics: analyzed.diagnostics, files: [] };
  const outputs: GeneratedFile[] = [];
  for (const { file, schema } of analyzed.schemas) {
    const name = basename(file, extname(file));
    const module = emit(schema, { generatorVersion });
    const json = schemaJson(schema, `${name}.schema.json`);
    outputs.push(put(join(outDir, `${name}.ts`), module, options.check === true));
    outputs.push(put(join(outDir, `${name}.schema.json`), json, options.check === true));
  }
  return { diagnostics: [], files: outputs };
}

/** The schema as written to disk: JSON in Biome's layout, like the generated module. */
export function schemaJson(schema: Schema, fileName: string): string {
  return formatWithBiome(JSON.stringify(schema, null, 2), fileName);
}

function put(path: string, content: string, check: boolean): GeneratedFile {
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
