import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { type AnalyzeResult, analyze } from "../../src/analyze/index.js";
import type { NamedType, Schema, TypeNode } from "../../src/ir/schema.js";

const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = join(here, "../fixtures");
export const idlDir = join(fixtures, "idl");
export const refusedDir = join(idlDir, "refused");
export const irDir = join(fixtures, "ir");
/** The goldens are generated as if the code were written here. */
export const genDir = join(fixtures, "gen");

/** The `.ts` files directly in a directory, sorted. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => join(dir, f));
}

/** Analyzes fixture files (names relative to fixtures/idl) in one program. */
export function analyzeFixtures(...names: string[]): AnalyzeResult {
  return analyze({ files: names.map((n) => join(idlDir, n)), outDir: genDir });
}

/** The schema of one file of a result. */
export function schemaOf(result: AnalyzeResult, name: string): Schema {
  const found = result.schemas.find((s) => s.file.endsWith(`/${name}`));
  if (found === undefined) throw new Error(`no schema for ${name}`);
  return found.schema;
}

export function typeOf(schema: Schema, id: string): NamedType {
  const found = schema.types[id];
  if (found === undefined)
    throw new Error(`no type ${id} in ${Object.keys(schema.types).join(", ")}`);
  return found;
}

/** A property's type in an object type. */
export function prop(type: TypeNode, name: string): TypeNode {
  if (type.kind !== "object") throw new Error(`not an object: ${type.kind}`);
  const found = type.properties.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no property ${name}`);
  return found.type;
}

/**
 * Analyzes IDL sources written to a fresh temporary ESM package (`{"type": "module"}`), for
 * tests that need a file of their own. Returns the result and the directory; removed after
 * the test file.
 */
export function analyzeSources(
  sources: Record<string, string>,
  options: { entries?: string[]; tsconfig?: string } = {},
): AnalyzeResult & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "rpcgen-analyze-"));
  temporary.push(dir);
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  for (const [name, text] of Object.entries(sources)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const entries = options.entries ?? Object.keys(sources).filter((n) => n.endsWith(".ts"));
  const result = analyze({
    files: entries,
    outDir: "gen",
    cwd: dir,
    ...(options.tsconfig === undefined ? {} : { tsconfig: options.tsconfig }),
  });
  return { ...result, dir };
}

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every `ref` in a type, depth first. */
export function refsIn(type: TypeNode): string[] {
  switch (type.kind) {
    case "ref":
      return [type.id];
    case "array":
    case "set":
      return refsIn(type.element);
    case "tuple":
      return type.elements.flatMap((e) => refsIn(e.type));
    case "object":
      return [
        ...type.properties.flatMap((p) => refsIn(p.type)),
        ...(type.additional === undefined ? [] : refsIn(type.additional)),
      ];
    case "record":
      return refsIn(type.value);
    case "union":
      return type.members.flatMap(refsIn);
    case "map":
      return [...refsIn(type.key), ...refsIn(type.value)];
    default:
      return [];
  }
}
