/**
 * Golden test of the whole pipeline: `generate()` over every supported fixture in
 * fixtures/idl/ must reproduce the checked-in fixtures/gen/<name>.ts and <name>.schema.json
 * byte for byte. After an intended change, rewrite them and review the diff:
 *   UPDATE_GOLDEN=1 npx vitest run packages/codegen/test/generate/golden.test.ts
 */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { generate } from "../../src/generate.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const idlDir = join(fixtures, "idl");
const genDir = join(fixtures, "gen");
const idlFiles = readdirSync(idlDir)
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .map((f) => join(idlDir, f));
const update = process.env.UPDATE_GOLDEN === "1";

test("generated modules and schemas match the goldens byte for byte", () => {
  const result = generate({ files: idlFiles, outDir: genDir, check: !update });
  expect(result.diagnostics).toEqual([]);
  const stale = result.files.filter((f) => f.status !== "unchanged" && !update);
  expect(stale.map((f) => basename(f.path))).toEqual([]);
  expect(result.files).toHaveLength(idlFiles.length * 2);
});

test("every golden belongs to a fixture", () => {
  const names = new Set(idlFiles.map((f) => basename(f, ".ts")));
  const orphans = readdirSync(genDir).filter(
    (f) => !names.has(f.replace(/\.schema\.json$|\.ts$/, "")),
  );
  expect(orphans).toEqual([]);
});

test("generating twice gives the same bytes", () => {
  const first = generate({ files: [join(idlDir, "path.ts")], outDir: genDir, check: true });
  const second = generate({ files: [join(idlDir, "path.ts")], outDir: genDir, check: true });
  expect(first).toEqual(second);
  expect(first.files.every((f) => f.status === "unchanged")).toBe(true);
});
