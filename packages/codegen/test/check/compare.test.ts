/**
 * `rpcgen check`'s comparison beyond single rules: a type shared by several methods and used
 * in both directions, recursive types, types renamed without changing shape.
 */
import { join } from "node:path";
import { expect, test } from "vitest";
import { analyze } from "../../src/analyze/index.js";
import { compareSchemas } from "../../src/check/compare.js";
import { Locator } from "../../src/check/locate.js";
import type { Schema } from "../../src/ir/schema.js";

const cases = join(import.meta.dirname, "cases");

function schemas(...names: string[]): Schema[] {
  const result = analyze({ files: names.map((n) => join(cases, n)), outDir: cases });
  expect(result.diagnostics).toEqual([]);
  return result.schemas.map((s) => s.schema);
}

test("a shared type is judged per direction, once, with every method reaching it", () => {
  const [old, next] = schemas("shared-old.ts", "shared-new.ts");
  const findings = compareSchemas(old!, next!).map((f) => ({
    rule: f.rule,
    message: f.message,
    via: f.via,
  }));
  expect(findings).toEqual([
    {
      rule: "union-widened-in-response",
      message: 'Place.kind may now be "village": existing clients refuse it',
      via: ["Atlas.find", "Atlas.nearby"],
    },
    {
      rule: "union-widened-in-request",
      message:
        'Place.kind now accepts "village": existing servers refuse it from new clients, and existing handlers do not expect it',
      via: ["Atlas.nearby"],
    },
    {
      rule: "response-field-added",
      message: "Region.population was added: existing clients drop it",
      via: ["Atlas.tree"],
    },
  ]);
});

test("an unchanged schema has no findings; renaming a type without changing it is no change", () => {
  const [old] = schemas("shared-old.ts");
  expect(compareSchemas(old!, old!)).toEqual([]);
  const renamed: Schema = JSON.parse(
    JSON.stringify(old).replaceAll('"Place"', '"Location"'),
  ) as Schema;
  expect(renamed.types.Location).toBeDefined();
  expect(compareSchemas(old!, renamed)).toEqual([]);
});

test("declared errors' details are judged as responses, located in the error interface", () => {
  const [old, next] = schemas("errors-old.ts", "errors-new.ts");
  const findings = compareSchemas(old!, next!);
  expect(
    findings.map((f) => ({ rule: f.rule, breaking: f.breaking, message: f.message, via: f.via })),
  ).toEqual([
    {
      rule: "union-widened-in-response",
      breaking: true,
      message: 'OutOfArea.point may now be "via": existing clients refuse it',
      via: ["Atlas.route", "Atlas.routes"],
    },
    {
      rule: "response-field-removed",
      breaking: true,
      message: expect.stringMatching(/^OutOfArea\.bounds\.north /),
      via: ["Atlas.route", "Atlas.routes"],
    },
    {
      rule: "response-field-added",
      breaking: false,
      message: "OutOfArea.hint was added: existing clients drop it",
      via: ["Atlas.route", "Atlas.routes"],
    },
  ]);
  const [point] = findings;
  expect(new Locator(join(cases, "errors-new.ts"), cases).locate(point!.site)).toEqual({
    file: join(cases, "errors-new.ts"),
    line: 4,
    column: 3,
  });
});
