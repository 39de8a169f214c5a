/**
 * docs/cli.md is the CLI's own help, generated; this fails when the two drift apart.
 *   UPDATE_GOLDEN=1 npx vitest run packages/codegen/test/cli/reference.test.ts
 * rewrites the file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { cliReference } from "../../src/cli/reference.js";

const doc = join(import.meta.dirname, "../../../../docs/cli.md");

test("docs/cli.md is the CLI's help as it is now", () => {
  const expected = cliReference();
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(doc, expected);
  const actual = readFileSync(doc, "utf8");
  expect(
    actual === expected,
    "docs/cli.md differs from the CLI's help: run UPDATE_GOLDEN=1 npx vitest run packages/codegen/test/cli/reference.test.ts",
  ).toBe(true);
});
