/**
 * Every rule of `rpcgen check` against its fixture pair (fixtures/<rule>/old.ts and new.ts):
 * the pair gives exactly that one finding, located on the line of new.ts after the marker
 * `// expect: the next line` (no line for a change that has no place in the new file). Also keeps the rule list,
 * the fixtures and docs/compatibility.md in step.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { analyze } from "../../src/analyze/index.js";
import { compareSchemas } from "../../src/check/compare.js";
import { Locator } from "../../src/check/locate.js";
import { rules } from "../../src/check/rules.js";

const fixtures = join(import.meta.dirname, "fixtures");
const docs = join(import.meta.dirname, "../../../../docs/compatibility.md");
const names = readdirSync(fixtures).sort();

/** Both versions of every fixture, each side analyzed as one program. */
function analyzeSide(side: "old" | "new") {
  const files = names.map((name) => join(fixtures, name, `${side}.ts`));
  const result = analyze({ files, outDir: fixtures });
  expect(result.diagnostics).toEqual([]);
  return new Map(result.schemas.map(({ file, schema }, i) => [names[i]!, { file, schema }]));
}

describe("rpcgen check rules", { timeout: 120_000 }, () => {
  const old = analyzeSide("old");
  const next = analyzeSide("new");

  test.each(names)("%s", (rule) => {
    const after = next.get(rule)!;
    const findings = compareSchemas(old.get(rule)!.schema, after.schema);
    expect(findings.map((f) => f.rule)).toEqual([rule]);
    const [finding] = findings;
    expect(finding!.breaking).toBe(rules[rule as keyof typeof rules].breaking);
    const lines = readFileSync(after.file, "utf8").split("\n");
    // The marker is a line of its own, before the line the finding points at.
    const marked = lines.findIndex((line) => line.trim() === "// expect: the next line");
    const location = new Locator(after.file, fixtures).locate(finding!.site);
    expect(location.file).toBe(after.file);
    expect(location.line).toBe(marked === -1 ? undefined : marked + 2);
  });
});

test("every rule has a fixture pair and a section in docs/compatibility.md, and no more", () => {
  expect(names).toEqual(Object.keys(rules).sort());
  const documented = [...readFileSync(docs, "utf8").matchAll(/^### `([a-z-]+)`/gm)].map(
    (m) => m[1],
  );
  expect([...documented].sort()).toEqual(Object.keys(rules).sort());
});
