import { describe, expect, test } from "vitest";
import { analyze, DiagnosticCode } from "../../src/analyze/index.js";
import {
  analyzeFixtures,
  analyzeSources,
  genDir,
  idlDir,
  prop,
  refsIn,
  schemaOf,
  tsFiles,
  typeOf,
} from "./helpers.js";

describe("recursion through references", () => {
  const schema = schemaOf(analyzeFixtures("recursive.ts"), "recursive.ts");

  test("a tree refers to itself by reference", () => {
    expect(prop(typeOf(schema, "TreeNode").type, "children")).toEqual({
      kind: "array",
      element: { kind: "ref", id: "TreeNode" },
    });
  });

  test("a linked list ends in null", () => {
    expect(prop(typeOf(schema, "ListNode").type, "next")).toEqual({
      kind: "union",
      members: [{ kind: "ref", id: "ListNode" }, { kind: "null" }],
    });
  });

  test("a JSON value type refers to itself in arrays and records", () => {
    expect(typeOf(schema, "Json").type).toEqual({
      kind: "union",
      members: [
        { kind: "string" },
        { kind: "number" },
        { kind: "boolean" },
        { kind: "null" },
        { kind: "array", element: { kind: "ref", id: "Json" } },
        { kind: "record", key: "string", value: { kind: "ref", id: "Json" } },
      ],
    });
  });

  test("mutually recursive types refer to each other", () => {
    expect(refsIn(typeOf(schema, "Folder").type)).toEqual(["Entry"]);
    expect(refsIn(typeOf(schema, "Entry").type)).toEqual(["Folder", "File"]);
  });

  test("in every supported fixture, every reference points at a type of the same schema", () => {
    const result = analyze({ files: tsFiles(idlDir), outDir: genDir });
    for (const { schema: s } of result.schemas) {
      const refs = [
        ...Object.values(s.types).flatMap((t) => refsIn(t.type)),
        ...s.services.flatMap((sv) =>
          sv.methods.flatMap((m) => [
            ...m.params.flatMap((p) => refsIn(p.type)),
            ...refsIn(m.response),
          ]),
        ),
      ];
      for (const ref of refs) expect(Object.keys(s.types), s.source).toContain(ref);
    }
  });

  test("a generic type that grows at every step is stopped with a diagnostic, not a hang", () => {
    const { diagnostics } = analyzeSources({
      "idl.ts": `
        export type Grow<T> = { value: T; next: Grow<T[]> | null };
        export interface S { get(): Promise<Grow<string>>; }`,
    });
    expect(diagnostics.map((d) => d.code)).toContain(DiagnosticCode.recursionLimit);
  });
});
