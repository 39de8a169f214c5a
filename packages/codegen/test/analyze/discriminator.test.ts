import { describe, expect, test } from "vitest";
import type { TypeNode } from "../../src/ir/schema.js";
import { analyzeFixtures, analyzeSources, prop, schemaOf, typeOf } from "./helpers.js";

function discriminatorOf(type: TypeNode): string | undefined {
  if (type.kind !== "union") throw new Error(`not a union: ${type.kind}`);
  return type.discriminator;
}

describe("discriminator detection", () => {
  const unions = schemaOf(analyzeFixtures("unions.ts"), "unions.ts");

  test("a union of interfaces with distinct string literal tags is discriminated by the tag", () => {
    expect(discriminatorOf(typeOf(unions, "Shape").type)).toBe("kind");
  });

  test("numeric and boolean literal tags discriminate too", () => {
    expect(discriminatorOf(typeOf(unions, "Versioned").type)).toBe("version");
    expect(discriminatorOf(typeOf(unions, "Outcome").type)).toBe("ok");
  });

  test("inline object members are discriminated like named ones", () => {
    expect(discriminatorOf(prop(typeOf(unions, "Unions").type, "inlineTagged"))).toBe("type");
  });

  test("a common property that is not a literal does not discriminate", () => {
    expect(discriminatorOf(typeOf(unions, "Loose").type)).toBeUndefined();
  });

  test("a nullable discriminated union keeps the alias, whose body carries the discriminator", () => {
    expect(prop(typeOf(unions, "Unions").type, "nullableShape")).toEqual({
      kind: "union",
      members: [{ kind: "ref", id: "Shape" }, { kind: "null" }],
    });
  });

  test("enum members as tags discriminate", () => {
    const enums = schemaOf(analyzeFixtures("enums.ts"), "enums.ts");
    expect(discriminatorOf(prop(typeOf(enums, "Palette").type, "event"))).toBe("kind");
  });

  test("duplicate tag values, an optional tag, or a non-object member mean no discriminator", () => {
    const { schemas, diagnostics } = analyzeSources({
      "idl.ts": `
        export type Dup = { kind: "a"; x: number } | { kind: "a"; y: number };
        export type Opt = { kind?: "a"; x: number } | { kind: "b"; y: number };
        export type WithString = { kind: "a"; x: number } | string;
        export type Second = { id: string; tag: 1 } | { id: string; tag: 2 };
        export interface S {
          dup(v: Dup): Promise<void>;
          opt(v: Opt): Promise<void>;
          str(v: WithString): Promise<void>;
          second(v: Second): Promise<void>;
        }`,
    });
    expect(diagnostics).toEqual([]);
    const types = schemas[0]?.schema.types ?? {};
    expect(discriminatorOf(types.Dup?.type ?? { kind: "null" })).toBeUndefined();
    expect(discriminatorOf(types.Opt?.type ?? { kind: "null" })).toBeUndefined();
    expect(discriminatorOf(types.WithString?.type ?? { kind: "null" })).toBeUndefined();
    // Not the first property: the first that qualifies.
    expect(discriminatorOf(types.Second?.type ?? { kind: "null" })).toBe("tag");
  });
});
