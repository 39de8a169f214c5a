/**
 * Golden test of server skeletons: the skeleton of each fixture below, written as if into
 * fixtures/skeleton/ against the generated modules in fixtures/gen/, must match the checked-in
 * file byte for byte. Those files are part of the test project, so `tsc -b` type-checks them
 * (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess) against the generated
 * handler types and `biome check` lints them. After an intended change:
 *   UPDATE_GOLDEN=1 npx vitest run packages/codegen/test/skeleton/golden.test.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyze } from "../../src/analyze/index.js";
import { renderSkeleton } from "../../src/skeleton/index.js";
import { generatorVersion } from "../../src/version.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const genDir = join(fixtures, "gen");
const update = process.env.UPDATE_GOLDEN === "1";

/** The skeleton of `names` (fixtures/idl/<name>.ts) written to fixtures/skeleton/<file>. */
function skeletonOf(names: readonly string[], file: string): { source: string; path: string } {
  const analyzed = analyze({
    files: names.map((n) => join(fixtures, "idl", `${n}.ts`)),
    outDir: genDir,
  });
  expect(analyzed.diagnostics).toEqual([]);
  const path = join(fixtures, "skeleton", file);
  return {
    source: renderSkeleton(analyzed.schemas, { genDir, outFile: path, generatorVersion }),
    path,
  };
}

describe("server skeletons", () => {
  test.each([
    [["path"], "path.ts"],
    [["streams"], "streams.ts"],
    [["services"], "services.ts"],
    [["path", "streams"], "path-and-streams.ts"],
    [["errors"], "errors.ts"],
  ] as const)("of %j match the golden %s byte for byte", (names, file) => {
    const { source, path } = skeletonOf(names, file);
    if (update) writeFileSync(path, source);
    expect(source).toBe(readFileSync(path, "utf8"));
  });

  test("are the same bytes every time", () => {
    expect(skeletonOf(["streams"], "streams.ts").source).toBe(
      skeletonOf(["streams"], "streams.ts").source,
    );
  });
});
