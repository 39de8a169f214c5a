import { describe, expect, test } from "vitest";
import { analyze } from "../../src/analyze/index.js";
import {
  analyzeFixtures,
  analyzeSources,
  genDir,
  idlDir,
  prop,
  schemaOf,
  tsFiles,
  typeOf,
} from "./helpers.js";

describe("named type ids", () => {
  test("two declarations of one name get Name and Name@2, ordered by where they are declared", () => {
    const schema = schemaOf(analyzeFixtures("imports.ts"), "imports.ts");
    expect(typeOf(schema, "Point").declaredIn).toBe("../idl/imports.ts");
    expect(typeOf(schema, "Point@2").declaredIn).toBe("../idl/shared/geo.ts");
    expect(typeOf(schema, "Point@2").name).toBe("Point");
  });

  test("the @n order does not depend on which declaration is met first", () => {
    const sources = {
      "a/types.ts": "export interface Item { a: string }",
      "b/types.ts": "export interface Item { b: number }",
    };
    const first = analyzeSources(
      {
        ...sources,
        "idl.ts": `import type { Item as A } from "./a/types.js";
        import type { Item as B } from "./b/types.js";
        export interface S { f(b: B, a: A): Promise<void> }`,
      },
      { entries: ["idl.ts"] },
    );
    const second = analyzeSources(
      {
        ...sources,
        "idl.ts": `import type { Item as A } from "./a/types.js";
        import type { Item as B } from "./b/types.js";
        export interface S { f(a: A, b: B): Promise<void> }`,
      },
      { entries: ["idl.ts"] },
    );
    for (const r of [first, second]) {
      const types = r.schemas[0]?.schema.types ?? {};
      expect(types.Item?.declaredIn).toBe("../a/types.ts");
      expect(types["Item@2"]?.declaredIn).toBe("../b/types.ts");
    }
  });

  test("a generic instantiation is named with its arguments' ids", () => {
    const schema = schemaOf(analyzeFixtures("generics.ts"), "generics.ts");
    expect(Object.keys(schema.types)).toEqual([
      "List<Route>",
      "Page<Page<Route>>",
      "Page<Route>",
      "Page<string>",
      "Pair<Route, number>",
      "Result<number, string>",
      "Route",
    ]);
    expect(prop(typeOf(schema, "Page<Page<Route>>").type, "items")).toEqual({
      kind: "array",
      element: { kind: "ref", id: "Page<Route>" },
    });
  });

  test("an argument whose own id has @n shows through in the instantiation's id", () => {
    const { schemas, diagnostics } = analyzeSources(
      {
        // Declared in z.ts, after idl.ts: this one becomes Item@2.
        "z.ts": "export interface Item { a: string }",
        "idl.ts": `import type { Item as Other } from "./z.js";
        export interface Item { b: number }
        export interface Box<T> { value: T }
        export interface S { f(): Promise<Box<Other>>; g(): Promise<Box<Item[]>> }`,
      },
      { entries: ["idl.ts"] },
    );
    expect(diagnostics).toEqual([]);
    expect(Object.keys(schemas[0]?.schema.types ?? {})).toEqual([
      "Box<Item@2>",
      "Box<Item[]>",
      "Item",
      "Item@2",
    ]);
  });

  test("the same input gives byte-identical IR, whatever the order of the input files", () => {
    const files = tsFiles(idlDir);
    const forward = analyze({ files, outDir: genDir });
    const backward = analyze({ files: [...files].reverse(), outDir: genDir });
    for (const { file, schema } of forward.schemas) {
      const other = backward.schemas.find((s) => s.file === file);
      expect(JSON.stringify(other?.schema)).toBe(JSON.stringify(schema));
    }
  });

  test("types are sorted by id; services and methods stay in source order", () => {
    const schema = schemaOf(analyzeFixtures("streams.ts"), "streams.ts");
    expect(Object.keys(schema.types)).toEqual(["Summary", "Tick"]);
    expect(schema.services[0]?.methods.map((m) => m.name)).toEqual([
      "ping",
      "search",
      "watch",
      "replay",
      "tail",
      "upload",
      "chat",
      "flush",
    ]);
  });
});
