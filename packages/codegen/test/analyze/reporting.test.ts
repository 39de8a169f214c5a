/**
 * How problems are reported: at the place the user can act on, naming the path to the problem,
 * where it is declared, what to do, and every method it affects (issue 12, points 3 and 9).
 */
import { basename } from "node:path";
import { describe, expect, test } from "vitest";
import { analyze, type Diagnostic, DiagnosticCode } from "../../src/analyze/index.js";
import { analyzeSources, genDir, refusedDir } from "./helpers.js";

function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  expect(found.map((d) => d.message)).toHaveLength(1);
  return found[0] as Diagnostic;
}

describe("a problem inside a package's types", () => {
  const result = analyze({ files: [`${refusedDir}/package-inner.ts`], outDir: genDir });
  const empty = only(result.diagnostics, DiagnosticCode.unsupportedEmptyObject);

  test("is reported where the user's file uses the package's type", () => {
    expect(`${basename(empty.file)}:${empty.line}:${empty.column}`).toBe("package-inner.ts:7:15");
  });

  test("names the offending type and the path through the package's types, not the outer type", () => {
    expect(empty.message).toMatch(/^`\{\}` at `Outer\.inner\.range` is the empty object type/);
  });

  test("says where the package declares it, and how to get around a declaration one cannot edit", () => {
    expect(empty.message).toContain(
      "It is declared in package `@fixture/wire` (packages/codegen/test/fixtures/idl/node_modules/@fixture/wire/index.d.ts:20:21), which you cannot change",
    );
    expect(empty.message).toContain(
      'declare a type of your own for what you send in place of `Outer` (e.g. `type MyOuter = Omit<Outer, "inner"> & { inner: … }`',
    );
    expect(empty.message).toContain("or use a narrower type");
  });

  test("in the user's own file, the same problem is reported at the property itself", () => {
    const { diagnostics } = analyzeSources({
      "idl.ts": `export interface Inner { range?: boolean | {} }
export interface Outer { inner: Inner }
export interface S { send(outer: Outer): Promise<void> }
`,
    });
    const d = only(diagnostics, DiagnosticCode.unsupportedEmptyObject);
    expect(`${d.line}:${d.column}`).toBe("1:44");
    expect(d.message).toMatch(/^`\{\}` at `Inner\.range` is the empty object type/);
    expect(d.message).not.toContain("cannot change");
  });

  test("a package's type with methods lists them, symbol keys as written", () => {
    const { diagnostics } = analyzeSources(
      {
        "node_modules/pkg/package.json":
          '{ "name": "pkg", "type": "module", "types": "index.d.ts" }',
        "node_modules/pkg/index.d.ts":
          "export interface Feed { [Symbol.asyncIterator](): AsyncIterator<number>; close(): void }",
        "idl.ts": `import type { Feed } from "pkg";
export interface S { feed(): Promise<Feed> }
`,
      },
      { entries: ["idl.ts"] },
    );
    const d = only(diagnostics, DiagnosticCode.unsupportedClass);
    expect(d.message).toContain("has methods (close, [Symbol.asyncIterator])");
    expect(d.message).toContain("It is declared in package `pkg`");
  });
});

describe("a problem several methods reach", () => {
  test("is reported once, listing every method and side that reaches it", () => {
    const result = analyze({ files: [`${refusedDir}/shared-problem.ts`], outDir: genDir });
    const d = only(result.diagnostics, DiagnosticCode.unsupportedFunction);
    expect(d.message).toMatch(
      / Used by FirstService\.get \(response\), FirstService\.put \(request\), SecondService\.all \(response\)\.$/,
    );
  });

  test("a method using the type on both sides is listed once, with both", () => {
    const { diagnostics } = analyzeSources({
      "idl.ts": `export interface Bad { f: () => void }
export interface S { echo(bad: Bad): Promise<Bad>; other(): Promise<Bad[]> }
`,
    });
    const d = only(diagnostics, DiagnosticCode.unsupportedFunction);
    expect(d.message).toMatch(
      / Used by S\.echo \(request and response\), S\.other \(response\)\.$/,
    );
  });

  test("methods reaching it through recursive types and other files are listed too", () => {
    const { diagnostics } = analyzeSources(
      {
        "shared.ts": `export interface Tree { children: Tree[]; leaf?: Leaf }
export interface Leaf { tree: Tree; at: WeakRef<object> }
`,
        "a.ts": `import type { Leaf, Tree } from "./shared.js";
export interface A { tree(t: Tree): Promise<void>; leaf(): Promise<Leaf> }
`,
        "b.ts": `import type { Tree } from "./shared.js";
export interface B { forest(): Promise<{ trees: Tree[] }> }
`,
      },
      { entries: ["a.ts", "b.ts"] },
    );
    const d = only(diagnostics, DiagnosticCode.unsupportedWeak);
    expect(d.message).toMatch(
      / Used by A\.tree \(request\), A\.leaf \(response\), B\.forest \(response\)\.$/,
    );
  });

  test("a problem in one method's own parameter names only that method", () => {
    const { diagnostics } = analyzeSources({
      "idl.ts": "export interface S { a(f: () => void): Promise<void>; b(): Promise<void> }\n",
    });
    const d = only(diagnostics, DiagnosticCode.unsupportedFunction);
    expect(d.message).toContain("`() => void` at `S.a(f)` is a function");
    expect(d.message).toMatch(/ Used by S\.a \(request\)\.$/);
  });
});

describe("generic arguments", () => {
  test("an argument the body does not use is not an error: `Op<T extends {} = {}>`", () => {
    const { diagnostics, schemas } = analyzeSources({
      "idl.ts": `export type Op<T extends {} = {}> = { id: string } & T;
export interface S { a(op: Op): Promise<Op<{}>>; b(op: Op<{ name: string }>): Promise<void> }
`,
    });
    expect(diagnostics).toEqual([]);
    expect(Object.keys(schemas[0]?.schema.types ?? {}).sort()).toEqual([
      "Op",
      "Op<{ name: string }>",
      "Op<{}>",
    ]);
  });

  test("a problem in an argument is reported where the body uses it, with its methods", () => {
    const { diagnostics } = analyzeSources({
      "idl.ts": `export interface Bad { f: () => void }
export interface Page<T> { items: T[] }
export interface S { a(page: Page<Bad>): Promise<void>; b(): Promise<Page<Bad>> }
`,
    });
    const d = only(diagnostics, DiagnosticCode.unsupportedFunction);
    expect(`${d.line}:${d.column}`).toBe("1:27");
    expect(d.message).toMatch(/ Used by S\.a \(request\), S\.b \(response\)\.$/);
  });
});
