/**
 * Indexed access types (`components["schemas"]["user"]`, openapi-typescript's `$ref`) become
 * named types of their own, so a type used in a hundred places is one body in the schema and
 * one decoder function in the module (issue 12 point 4).
 */
import { describe, expect, test } from "vitest";
import { emit } from "../../src/emit/index.js";
import { analyzeSources, refsIn } from "./helpers.js";

/** An API's types as openapi-typescript writes them. */
const api = `export interface components {
  schemas: {
    /** A person. */
    user: { login: string; manager: components["schemas"]["nullable-user"] };
    "nullable-user": { login: string } | null;
    node: { name: string; children: components["schemas"]["node"][] };
    code: string;
  };
}
export interface operations {
  "users/list": { responses: { 200: { content: { "application/json": components["schemas"]["user"][] } } } };
}
`;

function analyzeApi(idl: string) {
  const result = analyzeSources(
    { "api.ts": api, "idl.ts": `import type { components, operations } from "./api.js";\n${idl}` },
    { entries: ["idl.ts"] },
  );
  const schema = result.schemas[0]?.schema;
  if (schema === undefined) throw new Error("no schema");
  return { ...result, schema };
}

describe("indexed access types", () => {
  test("are named once, by the path of declarations to them, and referred to everywhere", () => {
    const { schema, diagnostics } = analyzeApi(`export interface S {
      get(login: string): Promise<components["schemas"]["user"]>;
      put(user: components["schemas"]["user"]): Promise<void>;
    }`);
    expect(diagnostics).toEqual([]);
    const user = 'components["schemas"]["user"]';
    const nullable = 'components["schemas"]["nullable-user"]';
    expect(Object.keys(schema.types)).toEqual([nullable, user]);
    expect(schema.types[user]).toMatchObject({
      id: user,
      name: user,
      declaredIn: "../api.ts",
      doc: "A person.",
    });
    expect(refsIn(schema.types[user]?.type ?? { kind: "unknown" })).toEqual([nullable]);
    const [method] = schema.services[0]?.methods ?? [];
    expect(method?.response).toEqual({ kind: "ref", id: user });
    // Decoded by one function, whichever method uses it.
    const module = emit(schema, { generatorVersion: "0.0.0-test" });
    expect(module.match(/function decodeComponents_schemas_user\(/g)).toHaveLength(1);
    expect(module.match(/login !== "string"/g)).toHaveLength(2);
  });

  test("are spelled from the declarations, however the use is written", () => {
    const { schema } = analyzeApi(`type Ops = operations;
    export interface S {
      list(): Promise<Ops["users/list"]["responses"][200]["content"]["application/json"]>;
    }`);
    // An array of users is checked in place; its element is the named user.
    expect(schema.services[0]?.methods[0]?.response).toEqual({
      kind: "array",
      element: { kind: "ref", id: 'components["schemas"]["user"]' },
    });
  });

  test("can be recursive", () => {
    const { schema, diagnostics } = analyzeApi(`export interface S {
      tree(): Promise<components["schemas"]["node"]>;
    }`);
    expect(diagnostics).toEqual([]);
    const id = 'components["schemas"]["node"]';
    expect(refsIn(schema.types[id]?.type ?? { kind: "unknown" })).toEqual([id]);
  });

  test("are numbered with their owner when two declarations share its name", () => {
    const result = analyzeSources(
      {
        "a.ts": "export interface components { schemas: { x: { a: string } } }",
        "b.ts": "export interface components { schemas: { x: { b: number } } }",
        "idl.ts": `import type { components as A } from "./a.js";
        import type { components as B } from "./b.js";
        export interface S { f(b: B["schemas"]["x"], a: A["schemas"]["x"]): Promise<void> }`,
      },
      { entries: ["idl.ts"] },
    );
    expect(Object.keys(result.schemas[0]?.schema.types ?? {})).toEqual([
      'components@2["schemas"]["x"]',
      'components["schemas"]["x"]',
    ]);
    expect(result.schemas[0]?.schema.types['components["schemas"]["x"]']?.declaredIn).toBe(
      "../a.ts",
    );
  });

  test("a primitive stays in place, so a property's constraint tags still apply to it", () => {
    const { schema, diagnostics } = analyzeApi(`export interface Req {
      /** @maxLength 9 */
      code: components["schemas"]["code"];
    }
    export interface S { f(req: Req): Promise<void> }`);
    expect(diagnostics).toEqual([]);
    expect(schema.types.Req?.type).toMatchObject({
      properties: [{ name: "code", type: { kind: "string", constraints: { maxLength: 9 } } }],
    });
  });

  test("a generic owner or a computed index leaves the type in place", () => {
    const { schema, diagnostics } = analyzeApi(`interface Box<T> { item: { value: T } }
    interface Two { a: { n: number }; b: { n: number } }
    export interface S {
      f(box: Box<string>["item"], two: Two["a" | "b"]): Promise<void>;
    }`);
    expect(diagnostics).toEqual([]);
    expect(schema.types).toEqual({});
  });

  test("a problem inside is reported once, with every method that reaches it", () => {
    const result = analyzeSources(
      {
        "api.ts": `export interface components { schemas: { job: { run: () => void } } }`,
        "idl.ts": `import type { components } from "./api.js";
        export interface S {
          a(job: components["schemas"]["job"]): Promise<void>;
          b(): Promise<components["schemas"]["job"]>;
        }`,
      },
      { entries: ["idl.ts"] },
    );
    expect(result.diagnostics.map((d) => d.code)).toEqual(["unsupported-function"]);
    expect(result.diagnostics[0]?.message).toMatch(
      /`components\["schemas"\]\["job"\]\.run`.* Used by S\.a \(request\), S\.b \(response\)\.$/,
    );
  });
});
