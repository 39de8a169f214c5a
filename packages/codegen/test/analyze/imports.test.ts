import { describe, expect, test } from "vitest";
import { DiagnosticCode } from "../../src/analyze/index.js";
import { analyzeFixtures, analyzeSources, prop, schemaOf, typeOf } from "./helpers.js";

describe("import resolution", () => {
  const result = analyzeFixtures("imports.ts");
  const schema = schemaOf(result, "imports.ts");

  test("resolves without diagnostics", () => {
    expect(result.diagnostics).toEqual([]);
  });

  test("a type from another file is named by its declared name and path relative to outDir", () => {
    const area = typeOf(schema, "Area").type;
    expect(prop(area, "center")).toEqual({ kind: "ref", id: "LatLon" });
    expect(typeOf(schema, "LatLon")).toMatchObject({
      name: "LatLon",
      declaredIn: "../idl/shared/geo.ts",
    });
    expect(typeOf(schema, "Polyline").type).toEqual({
      kind: "array",
      element: { kind: "ref", id: "LatLon" },
    });
  });

  test("a type from a package in node_modules is declared in the package, with its own references", () => {
    expect(typeOf(schema, "BoundingBox")).toMatchObject({
      declaredIn: "@fixture/geo",
      doc: "A bounding box.",
    });
    expect(typeOf(schema, "Coordinate").declaredIn).toBe("@fixture/geo");
    expect(typeOf(schema, "Unit").declaredIn).toBe("@fixture/geo");
  });

  test("source and importFrom are relative to outDir, importFrom with .js", () => {
    expect(schema.source).toBe("../idl/imports.ts");
    expect(schema.services[0]?.importFrom).toBe("../idl/imports.js");
  });

  test("a re-exported service is imported from the file that re-exports it", () => {
    const services = schemaOf(analyzeFixtures("services.ts"), "services.ts");
    expect(services.services.map((s) => [s.name, s.importFrom])).toEqual([
      ["TickStore", "../idl/services.js"],
      ["Second", "../idl/services.js"],
      ["Streams", "../idl/services.js"],
    ]);
  });

  test("a tsconfig's path mapping is honoured", () => {
    const { diagnostics, schemas } = analyzeSources(
      {
        "tsconfig.json": JSON.stringify({
          compilerOptions: {
            strict: true,
            module: "NodeNext",
            moduleResolution: "NodeNext",
            paths: { "#types/*": ["./types/*"] },
          },
        }),
        "types/geo.ts": "export interface Geo { lat: number }",
        "idl.ts": `import type { Geo } from "#types/geo.js";
          export interface S { f(g: Geo): Promise<void> }`,
      },
      { entries: ["idl.ts"], tsconfig: "tsconfig.json" },
    );
    expect(diagnostics).toEqual([]);
    expect(schemas[0]?.schema.types.Geo?.declaredIn).toBe("../types/geo.ts");
  });

  test("an unresolved import reports TypeScript's error at the import and ours at the use", () => {
    const { diagnostics } = analyzeSources({
      "idl.ts": `import type { Nope } from "./nowhere.js";
export interface S { f(n: Nope): Promise<void> }`,
    });
    expect(diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([
      [1, 27, "ts2307"],
      [2, 27, DiagnosticCode.unresolvedType],
    ]);
  });
});
