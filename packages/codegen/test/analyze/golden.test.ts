/**
 * Golden tests for the analyze stage: every supported fixture in fixtures/idl/ has its schema IR
 * checked in as fixtures/gen/<name>.schema.json (the file `rpcgen generate` writes), and the diagnostics of every file in
 * fixtures/idl/refused/ are checked in as fixtures/ir/refused.txt. The test regenerates them
 * and compares byte for byte.
 *
 * After an intended change, rewrite the goldens and review the diff:
 *   UPDATE_GOLDEN=1 npx vitest run packages/codegen/test/analyze/golden.test.ts
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { analyze, formatDiagnostic } from "../../src/analyze/index.js";
import { schemaJson } from "../../src/generate.js";
import { genDir, idlDir, irDir, refusedDir, tsFiles } from "./helpers.js";

const update = process.env.UPDATE_GOLDEN === "1";

/** Compares with the golden file, or rewrites it under UPDATE_GOLDEN=1. */
function golden(path: string, actual: string): void {
  if (update) {
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `missing golden ${path}: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("supported fixtures", () => {
  const files = tsFiles(idlDir);
  // One program for all of them, as `rpcgen generate` does with several inputs.
  const result = analyze({ files, outDir: genDir });

  test("analyze without any diagnostic, TypeScript's own included", () => {
    expect(result.diagnostics.map((d) => formatDiagnostic(d, idlDir))).toEqual([]);
  });

  test.each(files.map((f) => [basename(f, ".ts"), f] as const))(
    "%s.ts matches gen/%s.schema.json",
    (name, file) => {
      const entry = result.schemas.find((s) => s.file === file);
      expect(entry).toBeDefined();
      const fileName = `${name}.schema.json`;
      golden(join(genDir, fileName), schemaJson(entry!.schema));
    },
  );

  test("every golden belongs to a fixture", () => {
    const names = new Set(files.map((f) => basename(f, ".ts")));
    const stale = readdirSync(genDir).filter(
      (f) => f.endsWith(".schema.json") && !names.has(basename(f, ".schema.json")),
    );
    expect(stale).toEqual([]);
  });
});

describe("refused fixtures", () => {
  const files = tsFiles(refusedDir);
  const result = analyze({ files, outDir: genDir });

  test("report every problem, as in ir/refused.txt", () => {
    const text = result.diagnostics.map((d) => formatDiagnostic(d, idlDir)).join("\n");
    golden(join(irDir, "refused.txt"), `${text}\n`);
  });

  test.each(files.map((f) => [basename(f)] as const))("%s reports at least one problem", (name) => {
    expect(result.diagnostics.filter((d) => basename(d.file) === name).length).toBeGreaterThan(0);
  });
});
