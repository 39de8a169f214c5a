/**
 * The formatter against Biome on random schemas (schema-arbitrary.ts): long names, deep and wide
 * unions, many parameters, long doc comments, literals full of quotes. For each schema the
 * generated module must be exactly what Biome writes for it (a no-op) and for the module before
 * layout, and the schema JSON what Biome writes for it. All files go through one Biome process.
 *
 * A failure names the seed; rerun it with RPCGEN_PROPERTY_SEED=<seed>. The failing schema is
 * also written to test/.tmp/layout-failures/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { expect, test } from "vitest";
import { emit } from "../../src/emit/index.js";
import { schemaJson } from "../../src/generate.js";
import { formatAllWithBiome } from "../biome.js";
import { schemaArbitrary } from "./schema-arbitrary.js";

/** Schemas per run: each emits a module of a few hundred to a few thousand lines. */
const numRuns = Number(process.env.RPCGEN_LAYOUT_RUNS ?? 30);
const seed = Number(process.env.RPCGEN_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const failures = fileURLToPath(new URL("../.tmp/layout-failures/", import.meta.url));

test(`generated modules and schemas are laid out as Biome does (seed ${seed})`, () => {
  const schemas = fc.sample(schemaArbitrary, { numRuns, seed });
  const options = { generatorVersion: "0.0.0-layout" };
  const files = new Map<string, string>();
  schemas.forEach((schema, i) => {
    files.set(`m${i}.ts`, emit(schema, options));
    files.set(`m${i}.raw.ts`, emit(schema, { ...options, format: false }));
    files.set(`m${i}.schema.json`, schemaJson(schema));
  });
  const biome = formatAllWithBiome(files);
  schemas.forEach((schema, i) => {
    const module = files.get(`m${i}.ts`);
    const json = files.get(`m${i}.schema.json`);
    const same =
      biome.get(`m${i}.ts`) === module &&
      biome.get(`m${i}.raw.ts`) === module &&
      biome.get(`m${i}.schema.json`) === json;
    if (!same) {
      mkdirSync(failures, { recursive: true });
      writeFileSync(join(failures, `seed-${seed}-${i}.json`), JSON.stringify(schema, null, 2));
    }
    const label = `seed ${seed}, schema ${i}`;
    expect(biome.get(`m${i}.ts`), `${label}: Biome changes the module`).toBe(module);
    expect(biome.get(`m${i}.raw.ts`), `${label}: Biome lays the raw module out otherwise`).toBe(
      module,
    );
    expect(biome.get(`m${i}.schema.json`), `${label}: Biome changes the schema`).toBe(json);
  });
}, 120_000);
