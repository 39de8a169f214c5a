import { describe, expect, test } from "vitest";
import type { Property, TypeNode } from "../../src/ir/schema.js";
import { analyzeFixtures, prop, schemaOf, typeOf } from "./helpers.js";

/** name -> [optional, readonly] of an inlined object. */
function shape(type: TypeNode): Record<string, [boolean, boolean]> {
  if (type.kind !== "object") throw new Error(`not an object: ${type.kind}`);
  return Object.fromEntries(
    type.properties.map((p: Property) => [p.name, [p.optional, p.readonly]]),
  );
}

describe("utility types resolve to plain objects", () => {
  const schema = schemaOf(analyzeFixtures("utility.ts"), "utility.ts");
  const utility = typeOf(schema, "Utility").type;

  test("Pick keeps the picked properties, in the source's order", () => {
    expect(shape(prop(utility, "picked"))).toEqual({ name: [false, false], age: [false, false] });
  });

  test("Omit drops the omitted one and keeps readonly and optional", () => {
    expect(shape(prop(utility, "omitted"))).toEqual({
      id: [false, true],
      name: [false, false],
      email: [true, false],
    });
  });

  test("Partial makes every property optional without adding undefined to its type", () => {
    expect(shape(prop(utility, "partial"))).toEqual({
      id: [true, true],
      name: [true, false],
      email: [true, false],
      age: [true, false],
    });
    const partial = prop(utility, "partial");
    expect(prop(partial, "age")).toEqual({ kind: "number" });
  });

  test("Required makes every property required", () => {
    expect(Object.values(shape(prop(utility, "required"))).map(([optional]) => optional)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(prop(prop(utility, "required"), "email")).toEqual({ kind: "string" });
  });

  test("Readonly and -readonly mapped types set and clear readonly", () => {
    expect(Object.values(shape(prop(utility, "frozen"))).every(([, ro]) => ro)).toBe(true);
    expect(Object.values(shape(prop(utility, "mutable"))).some(([, ro]) => ro)).toBe(false);
  });

  test("Record with a literal-union key is an object with those properties", () => {
    expect(shape(prop(utility, "byKey"))).toEqual({ home: [false, false], work: [false, false] });
  });

  test("an alias of a utility type is a named type; the utility itself is not", () => {
    expect(prop(utility, "summary")).toEqual({ kind: "ref", id: "UserSummary" });
    expect(shape(typeOf(schema, "UserSummary").type)).toEqual({
      id: [false, true],
      name: [false, false],
    });
    expect(Object.keys(schema.types).some((id) => /Pick|Partial|Omit|Record/.test(id))).toBe(false);
  });

  test("an intersection of objects is one object with the merged properties", () => {
    expect(Object.keys(shape(typeOf(schema, "Stored").type))).toEqual([
      "id",
      "name",
      "email",
      "age",
      "createdAt",
      "updatedAt",
    ]);
    expect(shape(prop(utility, "inlineIntersection"))).toEqual({
      a: [false, false],
      b: [false, false],
    });
  });

  test("JSDoc travels with properties through utility types", () => {
    const picked = typeOf(schema, "UserSummary").type;
    expect(picked.kind === "object" && picked.properties[0]?.doc).toBe("The user's id.");
  });

  test("nested utility types in a parameter resolve too", () => {
    const update = schema.services[0]?.methods.find((m) => m.name === "update");
    expect(shape(update?.params[1]?.type ?? { kind: "null" })).toEqual({
      name: [true, false],
      email: [true, false],
      age: [true, false],
    });
  });
});
