import { basename } from "node:path";
import { describe, expect, test } from "vitest";
import { analyze, DiagnosticCode, formatDiagnostic } from "../../src/analyze/index.js";
import { analyzeSources, genDir, refusedDir, tsFiles } from "./helpers.js";

/**
 * One row per refused construct: the fixture, where the offending type is written, the code,
 * the type as written (quoted in the message), and a piece of the suggestion.
 */
const cases: readonly [
  file: string,
  at: string,
  code: string,
  written: string,
  suggestion: string,
][] = [
  [
    "function.ts",
    "5:15",
    DiagnosticCode.unsupportedFunction,
    "`(percent: number) => void`",
    "another method of the service",
  ],
  [
    "function.ts",
    "6:3",
    DiagnosticCode.unsupportedFunction,
    "`describe(): string`",
    "Send the data",
  ],
  ["function.ts", "11:18", DiagnosticCode.unsupportedFunction, "`() => void`", "another method"],
  ["function-type.ts", "4:12", DiagnosticCode.unsupportedFunction, "`Function`", "another method"],
  ["class.ts", "16:19", DiagnosticCode.unsupportedClass, "`Account`", "interface AccountData"],
  ["class.ts", "17:20", DiagnosticCode.unsupportedClass, "`Token`", "interface TokenData"],
  ["symbol.ts", "6:7", DiagnosticCode.unsupportedSymbol, "`symbol`", "`string` identifier"],
  ["symbol.ts", "7:8", DiagnosticCode.unsupportedSymbol, "`typeof tag`", "`string` identifier"],
  ["any-request.ts", "5:10", DiagnosticCode.anyInRequest, "`any`", "Describe the shape"],
  ["any-request.ts", "10:13", DiagnosticCode.anyInRequest, "`any`", "allowed in responses only"],
  [
    "unknown-request.ts",
    "5:10",
    DiagnosticCode.unknownInRequest,
    "`unknown`",
    "Describe the shape",
  ],
  [
    "unknown-request.ts",
    "11:30",
    DiagnosticCode.unknownInRequest,
    "`unknown`",
    "Describe the shape",
  ],
  ["never.ts", "4:10", DiagnosticCode.unsupportedNever, "`never`", "drop the property"],
  ["never.ts", "5:9", DiagnosticCode.unsupportedNever, "`string & number`", "incompatible types"],
  [
    "intersection.ts",
    "3:22",
    DiagnosticCode.unsupportedIntersection,
    "`number[] & { unit: string }`",
    "intersect object types only",
  ],
  [
    "intersection.ts",
    "7:9",
    DiagnosticCode.unsupportedIntersection,
    "`Date & { zone: string }`",
    "intersect object types only",
  ],
  [
    "template-literal.ts",
    "4:8",
    DiagnosticCode.unsupportedTemplateLiteral,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the TypeScript type as written
    "`` `user-${Uppercase<string>}` ``",
    "@pattern",
  ],
  [
    "template-literal.ts",
    "5:10",
    DiagnosticCode.unsupportedTemplateLiteral,
    "`Uppercase<string>`",
    "@pattern",
  ],
  ["object.ts", "4:12", DiagnosticCode.unsupportedObject, "`object`", "Record<string, T>"],
  [
    "empty-object.ts",
    "4:10",
    DiagnosticCode.unsupportedEmptyObject,
    "`{}`",
    "interface with the expected properties",
  ],
  ["unresolved-import.ts", "4:30", "ts2307", "'./does-not-exist.js'", "Cannot find module"],
  ["unresolved-import.ts", "3:27", "ts2307", "'not-installed-package'", "Cannot find module"],
  [
    "unresolved-import.ts",
    "7:12",
    DiagnosticCode.unresolvedType,
    "`Missing`",
    "Fix the import path",
  ],
  ["unresolved-import.ts", "8:9", DiagnosticCode.unresolvedType, "`Gone`", "install the package"],
  [
    "promise-in-data.ts",
    "4:10",
    DiagnosticCode.unsupportedPromise,
    "`Promise<string>`",
    "Await it in the handler",
  ],
  [
    "weak.ts",
    "4:13",
    DiagnosticCode.unsupportedWeak,
    "`WeakMap<object, string>`",
    "Use `Map<K, V>`",
  ],
  ["weak.ts", "5:9", DiagnosticCode.unsupportedWeak, "`WeakSet<object>`", "`Set<T>`"],
  [
    "optional-param-order.ts",
    "5:10",
    DiagnosticCode.optionalParameterOrder,
    "`limit?: number`",
    "Move the optional parameters to the end",
  ],
  ["generic-method.ts", "4:7", DiagnosticCode.genericMethod, "`<T>`", "extends Store<Route>"],
  [
    "sync-return.ts",
    "4:10",
    DiagnosticCode.unsupportedReturn,
    "`number`",
    "Write `Promise<number>`",
  ],
  [
    "sync-return.ts",
    "5:14",
    DiagnosticCode.unsupportedReturn,
    "`Iterable<number>`",
    "`AsyncIterable<number>`",
  ],
  [
    "stream-params.ts",
    "4:24",
    DiagnosticCode.streamParameter,
    "`chunks: AsyncIterable<Uint8Array>`",
    "Move the other arguments",
  ],
  [
    "stream-params.ts",
    "5:12",
    DiagnosticCode.streamParameter,
    "`chunks?: AsyncIterable<Uint8Array>`",
    "Remove the `?`",
  ],
  [
    "stream-params.ts",
    "6:13",
    DiagnosticCode.streamParameter,
    "`chunks: AsyncGenerator<Uint8Array>`",
    "Write `AsyncIterable<T>`",
  ],
  ["rest-param.ts", "4:7", DiagnosticCode.restParameter, "`...tags: string[]`", "array parameter"],
  [
    "overload.ts",
    "4:3",
    DiagnosticCode.overloadedMethod,
    "FindService.find has 2 overloads",
    "its own method name",
  ],
  ["overload.ts", "6:3", DiagnosticCode.optionalMethod, "`maybe?`", "Remove the `?`"],
  [
    "reserved-name.ts",
    "4:3",
    DiagnosticCode.reservedMethodName,
    "`then` cannot name a method of service JobService",
    "Choose another name",
  ],
  [
    "constraints.ts",
    "7:7",
    DiagnosticCode.unknownFormat,
    "`@format phone`",
    "email, uuid, uri, date-time",
  ],
  [
    "constraints.ts",
    "9:7",
    DiagnosticCode.invalidConstraint,
    "`@minLength -1`",
    "non-negative integer",
  ],
  [
    "constraints.ts",
    "11:7",
    DiagnosticCode.invalidConstraint,
    "`@pattern [unclosed`",
    "regular expression",
  ],
  [
    "constraints.ts",
    "13:7",
    DiagnosticCode.constraintMismatch,
    "`label: string`",
    "Remove the tag",
  ],
  ["constraints.ts", "15:7", DiagnosticCode.constraintMismatch, "`tags: string[]`", "use `Tag[]`"],
  [
    "constraints.ts",
    "17:7",
    DiagnosticCode.constraintMismatch,
    "`short: Short`",
    "put the tag on its declaration",
  ],
  ["constraints.ts", "19:7", DiagnosticCode.invalidConstraint, "`@asType int32`", "`integer`"],
  [
    "constraints.ts",
    "21:7",
    DiagnosticCode.constraintMismatch,
    "`@pattern` at `Form.user` is on a template literal type",
    "Drop the tag",
  ],
  [
    "package-inner.ts",
    "7:15",
    DiagnosticCode.unsupportedEmptyObject,
    "`{}` at `Outer.inner.range`",
    'type MyOuter = Omit<Outer, "inner">',
  ],
  [
    "package-inner.ts",
    "8:22",
    DiagnosticCode.unsupportedType,
    "`Measured` is an array with members of its own (unit)",
    "`{ items: number[]; total: number }`",
  ],
  [
    "shared-problem.ts",
    "6:13",
    DiagnosticCode.unsupportedFunction,
    "`() => void` at `Shared.callback`",
    "another method of the service",
  ],
  [
    "shared-problem.ts",
    "7:3",
    DiagnosticCode.unsupportedSymbol,
    "`[tag]` at `Shared`",
    "string key",
  ],
  [
    "shared-problem.ts",
    "8:3",
    DiagnosticCode.unsupportedSymbol,
    "`[Symbol.iterator]` at `Shared`",
    "string key",
  ],
  ["declared-errors.ts", "17:3", DiagnosticCode.errorCode, '`code: "teapot"`', "not an RpcCode"],
  ["declared-errors.ts", "25:3", DiagnosticCode.errorCode, "`code: string`", "one string literal"],
  [
    "declared-errors.ts",
    "38:10",
    DiagnosticCode.unsupportedFunction,
    "`() => void` at `BadDetails.retry`",
    "Used by ErrorsService.first (response), ErrorsService.second (response)",
  ],
  ["declared-errors.ts", "43:15", DiagnosticCode.unresolvedError, "`Missing`", "import it"],
  ["declared-errors.ts", "43:25", DiagnosticCode.errorNotExported, "`Hidden`", "Add `export`"],
  ["declared-errors.ts", "43:45", DiagnosticCode.errorCode, "NoCode", "no `code` property"],
  ["declared-errors.ts", "44:15", DiagnosticCode.errorNotObject, "`Text`", "it is `string`"],
  [
    "declared-errors.ts",
    "44:22",
    DiagnosticCode.errorNotObject,
    "`Generic<string>`",
    "not the name of an error type",
  ],
  [
    "declared-errors.ts",
    "44:40",
    DiagnosticCode.errorNotObject,
    '`{ code: "aborted" }`',
    "not the name of an error type",
  ],
  [
    "declared-errors.ts",
    "47:32",
    DiagnosticCode.duplicateErrorName,
    "`Conflict`",
    "imported/conflict.ts:2:1",
  ],
];

describe("refused constructs", () => {
  const result = analyze({ files: tsFiles(refusedDir), outDir: genDir });

  test.each(cases)(
    "%s at %s: %s, quoting %s and suggesting %s",
    (file, at, code, written, suggestion) => {
      const [line, column] = at.split(":").map(Number);
      const found = result.diagnostics.filter(
        (d) =>
          basename(d.file) === file && d.line === line && d.column === column && d.code === code,
      );
      expect(
        found,
        result.diagnostics.map((d) => formatDiagnostic(d, refusedDir)).join("\n"),
      ).toHaveLength(1);
      expect(found[0]?.message).toContain(written);
      expect(found[0]?.message).toContain(suggestion);
    },
  );

  test("nothing is reported that the table does not expect, but for multiple.ts", () => {
    const expected = new Set(cases.map(([file, at, code]) => `${file}:${at}:${code}`));
    const unexpected = result.diagnostics
      .filter((d) => basename(d.file) !== "multiple.ts")
      .map((d) => `${basename(d.file)}:${d.line}:${d.column}:${d.code}`)
      .filter((key) => !expected.has(key));
    expect(unexpected).toEqual([]);
  });
});

describe("several errors in one run", () => {
  test("every problem of a file is reported, sorted by line and column", () => {
    const result = analyze({ files: [`${refusedDir}/multiple.ts`], outDir: genDir });
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      `4:13 ${DiagnosticCode.unsupportedFunction}`,
      `5:13 ${DiagnosticCode.anyInRequest}`,
      `6:7 ${DiagnosticCode.unsupportedSymbol}`,
      `8:25 ${DiagnosticCode.unsupportedFunction}`,
      `13:13 ${DiagnosticCode.unsupportedReturn}`,
      `14:9 ${DiagnosticCode.genericMethod}`,
    ]);
  });

  test("problems in several files are reported together, sorted by file", () => {
    const files = [`${refusedDir}/weak.ts`, `${refusedDir}/never.ts`];
    const result = analyze({ files, outDir: genDir });
    expect(result.diagnostics.map((d) => basename(d.file))).toEqual([
      "never.ts",
      "never.ts",
      "weak.ts",
      "weak.ts",
    ]);
  });

  test("a named type used by many methods is reported once", () => {
    const { diagnostics } = analyzeSources({
      "idl.ts": `export interface Bad { name: string; f: () => void }
        export interface S { a(b: Bad): Promise<Bad>; c(b: Bad[]): Promise<void> }`,
    });
    expect(diagnostics).toHaveLength(1);
  });

  test("unknown is accepted in responses, nested or at the top", () => {
    const { diagnostics, schemas } = analyzeSources({
      "idl.ts": `export interface Doc { body: unknown; extra: any }
        export interface S { get(): Promise<Doc>; raw(): Promise<unknown> }`,
    });
    expect(diagnostics).toEqual([]);
    expect(schemas[0]?.schema.services[0]?.methods[1]?.response).toEqual({ kind: "unknown" });
  });

  test("a type first met in a response and then in a request is checked for the request too", () => {
    const result = analyze({ files: [`${refusedDir}/unknown-request.ts`], outDir: genDir });
    // `get` returns Entry (fine), `set` takes it (refused at the property, once).
    expect(result.diagnostics.filter((d) => d.line === 5)).toHaveLength(1);
  });
});
