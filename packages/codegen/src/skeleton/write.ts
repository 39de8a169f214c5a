import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../analyze/index.js";
import { analyzeForGenerate, type GeneratedFile, writeGenerated } from "../generate.js";
import { generatorVersion } from "../version.js";
import { renderSkeleton, type SkeletonInput } from "./render.js";

/** Options of {@link writeSkeleton}. */
export interface SkeletonOptions {
  /** The IDL files whose services the skeleton implements. */
  readonly files: readonly string[];
  /** The directory of the generated modules, as given to `generate` (`outDir`). */
  readonly genDir: string;
  /** The skeleton file to create; never overwritten. */
  readonly outFile: string;
  /** A tsconfig.json whose compiler options resolve the IDL's imports. */
  readonly tsconfig?: string;
  /** Base for relative paths; default `process.cwd()`. */
  readonly cwd?: string;
}

/** Why {@link writeSkeleton} wrote no skeleton. */
export type SkeletonError =
  /** The skeleton file exists already: it is the user's code and is never overwritten. */
  | { readonly code: "exists"; readonly path: string }
  /** Problems in the IDL files, as `generate` reports them, or a file without a service. */
  | { readonly code: "input"; readonly diagnostics: readonly Diagnostic[] }
  /** Two services with one name, which one server cannot route to both. */
  | { readonly code: "duplicate-service"; readonly service: string; readonly files: string[] };

/** What {@link writeSkeleton} did. */
export type SkeletonResult =
  | {
      readonly ok: true;
      /** Absolute path of the skeleton written. */
      readonly path: string;
      /** The generated modules and schemas, brought up to date first. */
      readonly generated: readonly GeneratedFile[];
      /** The services implemented, in order. */
      readonly services: readonly string[];
    }
  | { readonly ok: false; readonly error: SkeletonError };

/**
 * Writes a server skeleton for the services of `files` into `outFile`: every method throws
 * `unimplemented`, typed against the generated handler types. First brings the generated code
 * in `genDir` up to date (as `generate` would), since the skeleton compiles only against it.
 * Never overwrites `outFile`: when it exists, nothing at all is written.
 */
export function writeSkeleton(options: SkeletonOptions): SkeletonResult {
  const cwd = options.cwd ?? process.cwd();
  const outFile = resolve(cwd, options.outFile);
  const genDir = resolve(cwd, options.genDir);
  if (existsSync(outFile)) return { ok: false, error: { code: "exists", path: outFile } };
  const tsconfig = options.tsconfig === undefined ? {} : { tsconfig: options.tsconfig };
  const generateOptions = { files: options.files, outDir: genDir, cwd, ...tsconfig };
  const analyzed = analyzeForGenerate(generateOptions);
  if (analyzed.diagnostics.length > 0) {
    return { ok: false, error: { code: "input", diagnostics: analyzed.diagnostics } };
  }
  const duplicate = findDuplicateService(analyzed.schemas);
  if (duplicate !== undefined) return { ok: false, error: duplicate };
  const generated = { files: writeGenerated(analyzed, generateOptions) };
  const source = renderSkeleton(analyzed.schemas, { genDir, outFile, generatorVersion });
  mkdirSync(dirname(outFile), { recursive: true });
  try {
    // "wx" fails if the file appeared since the check above: still never overwritten.
    writeFileSync(outFile, source, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      return { ok: false, error: { code: "exists", path: outFile } };
    }
    throw error;
  }
  const services = analyzed.schemas.flatMap(({ schema }) => schema.services.map((s) => s.name));
  return { ok: true, path: outFile, generated: generated.files, services };
}

function findDuplicateService(schemas: readonly SkeletonInput[]): SkeletonError | undefined {
  const seen = new Map<string, string>();
  for (const { file, schema } of schemas) {
    for (const { name } of schema.services) {
      const other = seen.get(name);
      if (other !== undefined) {
        return { code: "duplicate-service", service: name, files: [other, file] };
      }
      seen.set(name, file);
    }
  }
  return undefined;
}
