/**
 * The formatter against Biome on real inputs: every IDL fixture, the example's services and the
 * benchmark's service. Each generated module and schema must be exactly what Biome writes for
 * it (formatting it again is a no-op) and what Biome writes for the unlaid-out module (the bytes
 * `rpcgen generate` wrote when it ran Biome). One Biome process checks them all.
 */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyze } from "../../src/analyze/index.js";
import { emit } from "../../src/emit/index.js";
import { schemaJson } from "../../src/generate.js";
import type { Schema } from "../../src/ir/schema.js";
import { formatAllWithBiome } from "../biome.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const idlDir = join(repo, "packages/codegen/test/fixtures/idl");

/** Groups of IDL files analyzed together, with the directory their output goes to. */
const inputs: [label: string, files: string[], outDir: string][] = [
  [
    "fixture",
    readdirSync(idlDir)
      .filter((file) => file.endsWith(".ts"))
      .map((file) => join(idlDir, file)),
    join(repo, "packages/codegen/test/fixtures/gen"),
  ],
  [
    "place-my-ride",
    ["path.ts", "ride.ts"].map((file) => join(repo, "examples/place-my-ride/services", file)),
    join(repo, "examples/place-my-ride/src/gen"),
  ],
  [
    "benchmarks",
    [join(repo, "benchmarks/src/shared/service.ts")],
    join(repo, "benchmarks/src/peers/rpcgen/gen"),
  ],
];

const schemas = new Map<string, Schema>();
for (const [label, files, outDir] of inputs) {
  const result = analyze({ files, outDir, cwd: repo });
  if (result.diagnostics.length > 0)
    throw new Error(`${files[0]}: ${result.diagnostics[0]?.message}`);
  for (const { file, schema } of result.schemas) {
    schemas.set(`${label}-${basename(file, ".ts")}`, schema);
  }
}

const generated = new Map<string, string>();
for (const [name, schema] of schemas) {
  generated.set(`${name}.ts`, emit(schema, { generatorVersion: "0.0.0" }));
  generated.set(`${name}.raw.ts`, emit(schema, { generatorVersion: "0.0.0", format: false }));
  generated.set(`${name}.schema.json`, schemaJson(schema));
}
const biome = formatAllWithBiome(generated);

describe.each([...schemas.keys()])("%s", (name) => {
  test("the module is what Biome writes for it, and for the module before layout", () => {
    const module = generated.get(`${name}.ts`);
    expect(biome.get(`${name}.ts`)).toBe(module);
    expect(biome.get(`${name}.raw.ts`)).toBe(module);
  });

  test("the schema is what Biome writes for it", () => {
    expect(biome.get(`${name}.schema.json`)).toBe(generated.get(`${name}.schema.json`));
  });
});
