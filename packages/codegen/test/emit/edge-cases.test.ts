import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { edgeSchema } from "../fixtures/ir-handwritten/edge.ir.js";
import { codecsOf, expectInvalid, fresh, methodOf, writeGenerated } from "./support.js";

let code: string;
let module: Record<string, unknown>;
beforeAll(async () => {
  const generated = writeGenerated(edgeSchema, "edge-cases", "edge.idl.ts");
  code = generated.code;
  module = (await import(pathToFileURL(generated.file).href)) as Record<string, unknown>;
});

const day = "2024-01-02T03:04:05.000Z";
/** A property name with a backtick and a dollar-brace, written so no literal here holds `${`. */
const awkward = "a`b\u0024{c}";
const odd = {
  many: "c",
  flag: 0,
  empty: [],
  nothing: {},
  loose: { anything: [1], goes: null },
  amount: 1,
  when: day,
  [awkward]: "s",
};
const decode = (value: unknown) => codecsOf(module, "expected", "odd").decodeRequest(value);
const withField = (key: string, value: unknown) => ({ ...fresh(odd), [key]: value });

describe("names that clash with generated code", () => {
  it("imports a service named like a runtime helper under an alias", () => {
    expect(code).toContain('import type { expected as expected2 } from "./edge.idl.js";');
    expect(code).toContain("export const expectedDef: ServiceDescriptor<expected2> = {");
    expect(code).toContain("export function createExpectedClient(");
    expect(typeof module.createExpectedClient).toBe("function");
  });

  it("escapes property names in paths, template literals included", () => {
    expectInvalid(
      () => decode(withField(awkward, 1)),
      `value["${awkward}"]: expected string, got number`,
    );
  });

  it("reads toString as an own property only", () => {
    expect(decode(fresh(odd))).toEqual({ ...odd, when: new Date(day) });
    expectInvalid(
      () => decode(withField("toString", 1)),
      "value.toString: expected string, got number",
    );
  });
});

describe("literal unions", () => {
  it("test many literals with one Set", () => {
    expect(code).toMatch(
      /const VALUES_Many = new Set<unknown>\(\["a", "b", "c", "d", "e", "f", "g", "h"\]\);/,
    );
    expectInvalid(
      () => decode(withField("many", "z")),
      'value.many: expected "a" | "b" | "c" | "d" | "e" | "f" | "g" | "h", got "z"',
    );
  });

  it("tell true from 1 and 0 from false", () => {
    expect(() => decode(withField("flag", true))).not.toThrow();
    expectInvalid(() => decode(withField("flag", 1)), "value.flag: expected true | 0, got 1");
    expectInvalid(
      () => decode(withField("flag", false)),
      "value.flag: expected true | 0, got false",
    );
  });
});

describe("empty and open shapes", () => {
  it("hold an empty tuple to length 0 and an empty object to no keys", () => {
    expectInvalid(() => decode(withField("empty", [1])), "value.empty: expected 0 elements, got 1");
    expect((decode(withField("nothing", { x: 1 })) as { nothing: object }).nothing).toEqual({});
  });

  it("keep every key of an index signature of unknown, without a loop", () => {
    expect((decode(fresh(odd)) as { loose: object }).loose).toEqual(odd.loose);
    expectInvalid(() => decode(withField("loose", [])), "value.loose: expected object, got array");
  });

  it("refuse NaN where a number or a bigint is expected", () => {
    expect((decode(withField("amount", "7")) as { amount: unknown }).amount).toBe(7n);
    expectInvalid(
      () => decode(withField("amount", Number.NaN)),
      "value.amount: expected bigint, got NaN",
    );
  });
});

describe("unions tagged by enums", () => {
  it("switch on a single-member enum as on a literal", () => {
    expect(code).toContain("switch (value.kind) {");
    const { decodeRequest } = codecsOf(module, "expected", "tag");
    expect(decodeRequest({ kind: "a", a: 1, b: "x" })).toEqual({ kind: "a", a: 1 });
    expect(decodeRequest({ kind: 2, b: "x" })).toEqual({ kind: 2, b: "x" });
    expectInvalid(
      () => decodeRequest({ kind: "b", b: "x" }),
      'value.kind: expected "a" | 2, got "b"',
    );
    expectInvalid(() => decodeRequest({ kind: 2, b: 1 }), "value.b: expected string, got number");
  });
});

describe("messages that need no decoder", () => {
  it("leave decodeResponse out for an unknown response", () => {
    expect(methodOf(module, "expected", "odd").decodeResponse).toBeUndefined();
  });

  it("let an optional primitive parameter be missing", () => {
    const { decodeRequest, decodeResponse } = codecsOf(module, "expected", "maybe");
    expect(decodeRequest(undefined)).toBeUndefined();
    expect(decodeRequest(null)).toBeUndefined();
    expect(decodeRequest(2)).toBe(2);
    expectInvalid(() => decodeRequest("2"), "count: expected number, got string");
    expectInvalid(
      () => decodeResponse(["a", "q"]),
      'response[1]: expected "a" | "b" | "c" | "d" | "e" | "f" | "g" | "h", got "q"',
    );
  });
});
