import { describe, expect, test } from "vitest";
import { DiagnosticCode } from "../../src/analyze/index.js";
import { analyzeFixtures, analyzeSources, prop, schemaOf, typeOf } from "./helpers.js";

describe("optional and nullable", () => {
  const primitives = typeOf(
    schemaOf(analyzeFixtures("primitives.ts"), "primitives.ts"),
    "Primitives",
  ).type;

  test("`T | undefined` on an optional property is T; on a required one it stays a union", () => {
    expect(prop(primitives, "explicit")).toEqual({ kind: "string" });
    expect(prop(primitives, "required")).toEqual({
      kind: "union",
      members: [{ kind: "string" }, { kind: "undefined" }],
    });
  });

  test("`T | null` is a union with null; boolean is boolean, not true | false", () => {
    expect(prop(primitives, "nullable")).toEqual({
      kind: "union",
      members: [{ kind: "number" }, { kind: "null" }],
    });
    expect(prop(primitives, "flag")).toEqual({ kind: "boolean" });
  });

  test("an optional alias stays a reference, and an optional boolean a boolean", () => {
    const unions = typeOf(schemaOf(analyzeFixtures("unions.ts"), "unions.ts"), "Unions").type;
    expect(prop(unions, "maybeShape")).toEqual({ kind: "ref", id: "Shape" });
    expect(prop(unions, "optionalFlag")).toEqual({ kind: "boolean" });
  });
});

describe("enums", () => {
  const schema = schemaOf(analyzeFixtures("enums.ts"), "enums.ts");

  test("string, numeric and const enums are named enum types with their values", () => {
    expect(typeOf(schema, "Priority").type).toEqual({
      kind: "enum",
      members: [
        { name: "Low", value: 0 },
        { name: "Normal", value: 1 },
        { name: "High", value: 10 },
      ],
    });
    expect(typeOf(schema, "Direction").type).toMatchObject({ kind: "enum" });
  });

  test("a single-member enum is still the enum; one member of a larger enum is a literal", () => {
    const palette = typeOf(schema, "Palette").type;
    expect(prop(palette, "only")).toEqual({ kind: "ref", id: "Only" });
    expect(prop(palette, "red")).toEqual({ kind: "literal", value: "red" });
  });
});

describe("classes", () => {
  test("a class with only public fields is a named object type", () => {
    const schema = schemaOf(analyzeFixtures("classes.ts"), "classes.ts");
    expect(typeOf(schema, "Money").type).toEqual({
      kind: "object",
      properties: [
        { name: "currency", type: { kind: "string" }, optional: false, readonly: false },
        { name: "amount", type: { kind: "number" }, optional: false, readonly: false },
        { name: "precision", type: { kind: "number" }, optional: false, readonly: true },
      ],
    });
  });

  test("a class with a getter is refused like one with methods", () => {
    const { diagnostics } = analyzeSources({
      "idl.ts": `export class C { get x(): number { return 1; } }
        export interface S { f(): Promise<C> }`,
    });
    expect(diagnostics.map((d) => d.code)).toEqual([DiagnosticCode.unsupportedClass]);
  });
});

describe("JSDoc", () => {
  const schema = schemaOf(analyzeFixtures("jsdoc.ts"), "jsdoc.ts");
  const signup = typeOf(schema, "Signup").type;

  test("string constraints attach to the property's string type", () => {
    expect(prop(signup, "username")).toEqual({
      kind: "string",
      constraints: { minLength: 3, maxLength: 40, pattern: "^[a-z0-9_]+$" },
    });
  });

  test("constraints on a nullable property attach to the string member", () => {
    expect(prop(signup, "invite")).toEqual({
      kind: "union",
      members: [{ kind: "string", constraints: { format: "uuid" } }, { kind: "null" }],
    });
  });

  test("constraints on an alias attach to the named type", () => {
    expect(typeOf(schema, "Email").type).toEqual({
      kind: "string",
      constraints: { format: "email" },
    });
    expect(typeOf(schema, "Age").type).toEqual({
      kind: "number",
      constraints: { minimum: 0, maximum: 150, integer: true },
    });
  });

  test("@asType integer is @integer", () => {
    expect(prop(signup, "retries")).toEqual({ kind: "number", constraints: { integer: true } });
  });

  test("documentation is carried over, tags left out", () => {
    expect(typeOf(schema, "Signup").doc).toBe("A new account.");
    expect(schema.services[0]?.doc).toBe(
      "Accounts.\n\nTwo paragraphs of documentation survive as written.",
    );
    const nick =
      signup.kind === "object" ? signup.properties.find((p) => p.name === "nick") : undefined;
    expect(nick?.doc).toBe("Not a constraint tag: kept out of the IR.");
  });
});
