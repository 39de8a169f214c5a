/**
 * Generates one corpus unit and imports the module. The stages `generate()` runs (analyze,
 * then emit), one TypeScript program per unit, with two differences that change nothing the
 * corpus checks: the module is not formatted (Biome alone takes about a second on the largest
 * unit) and the schema is kept in memory instead of being written as JSON.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { MethodDescriptor, ServiceDescriptor } from "@rpcgen/runtime";
import { analyze, type Diagnostic } from "../../../src/analyze/index.js";
import { emit } from "../../../src/emit/index.js";
import type { Schema } from "../../../src/ir/schema.js";
import { type CorpusPackage, type CorpusUnit, corpusRoot, packageDir } from "./corpus.js";

export type UnitBuild =
  | {
      readonly kind: "generated";
      readonly unit: CorpusUnit;
      readonly schema: Schema;
      readonly module: Record<string, unknown>;
      /** Size of the (unformatted) module. */
      readonly moduleBytes: number;
    }
  | {
      readonly kind: "refused";
      readonly unit: CorpusUnit;
      /** The distinct diagnostic codes, sorted: what known-disagreements.json records. */
      readonly codes: readonly string[];
      readonly diagnostics: readonly Diagnostic[];
    };

/** The compiler options of every corpus analysis and of the judge. */
export const analysisTsconfig = join(corpusRoot, "tsconfig.analysis.json");

/** Scratch space inside the repository (gitignored), so the module resolves the workspace. */
export const scratchRoot = join(corpusRoot, "..", ".tmp", "corpus");

export async function buildUnit(pkg: CorpusPackage, unit: CorpusUnit): Promise<UnitBuild> {
  const name = basename(unit.idl, extname(unit.idl));
  const outDir = join(scratchRoot, pkg.name, name);
  const analyzed = analyze({
    files: [join(packageDir(pkg), unit.idl)],
    outDir,
    tsconfig: analysisTsconfig,
  });
  if (analyzed.diagnostics.length > 0) {
    const codes = [...new Set(analyzed.diagnostics.map((d) => d.code))].sort();
    return { kind: "refused", unit, codes, diagnostics: analyzed.diagnostics };
  }
  const schema = analyzed.schemas[0]!.schema;
  const code = emit(schema, { generatorVersion: "0.0.0-corpus", format: false });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.ts`);
  writeFileSync(file, code);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return { kind: "generated", unit, schema, module, moduleBytes: Buffer.byteLength(code) };
}

/** The descriptor of one method of a generated unit. */
export function descriptorOf(
  build: Extract<UnitBuild, { kind: "generated" }>,
  service: string,
  method: string,
): MethodDescriptor {
  const def = build.module[`${service}Def`] as ServiceDescriptor | undefined;
  const found = def?.methods[method];
  if (found === undefined) throw new Error(`${build.unit.idl}: no method ${service}.${method}`);
  return found;
}
