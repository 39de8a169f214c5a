/**
 * Unknown keys through generated decoders, in each form the known-key test takes: an inline
 * `!==` chain, a field table (objects with more than 16 properties), and skipping known keys
 * before an index signature. Property names that are no identifiers must come out as the same
 * string.
 */
import { pathToFileURL } from "node:url";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { keysSchema } from "../fixtures/ir-handwritten/keys.ir.js";
import { codecsOf, expectInvalid, writeGenerated } from "./support.js";

let code: string;
let module: Record<string, unknown>;
beforeAll(async () => {
  const generated = writeGenerated(keysSchema, "unknown-keys", "keys.idl.ts");
  code = generated.code;
  module = (await import(pathToFileURL(generated.file).href)) as Record<string, unknown>;
});

const decode = (method: string, value: unknown) =>
  codecsOf(module, "KeyService", method).decodeRequest(value) as Record<string, unknown>;

/** The text of generated function `name`. */
function functionText(name: string): string {
  const start = code.indexOf(`function ${name}(`);
  return code.slice(start, code.indexOf("\n}\n", start));
}

/** The values of the string literals in `text` that follow `prefix`, in either quote style. */
function stringsIn(text: string, prefix: string): string[] {
  const literal = /("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/.source;
  const found = text.matchAll(new RegExp(`${prefix}${literal}`, "g"));
  return [...found].map((match) => runInNewContext(match[1] ?? "") as string);
}

/** Keys that differ from a known one only slightly, or are prototype-related. */
const unknown = {
  "say 'hi'": 1,
  'say \\"hi\\"': 1,
  "back\\\\slash": 1,
  "hello ✓ 😀": 1,
  line: 1,
  "1": 1,
  "00": 1,
  "1000": 1,
  "1E3": 1,
  __proto_: 1,
  prototype: 1,
  "": 1,
};

/**
 * A message as JSON.parse gives it: `__proto__` an own property, known keys in `known`, every
 * key of `unknown` added after them (or, with `unknownFirst`, before).
 */
function wire(known: Record<string, unknown>, unknownFirst = false): Record<string, unknown> {
  const entries = Object.entries(known).map(
    ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`,
  );
  const extra = Object.entries(unknown).map(
    ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`,
  );
  const all = unknownFirst ? [...extra, ...entries] : [...entries, ...extra];
  return JSON.parse(`{${all.join(",")}}`) as Record<string, unknown>;
}

function expectExactly(decoded: Record<string, unknown>, known: Record<string, unknown>): void {
  expect(Object.keys(decoded).sort()).toEqual(Object.keys(known).sort());
  for (const [key, value] of Object.entries(known)) expect(decoded[key]).toBe(value);
  expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
}

const odd = JSON.parse(
  JSON.stringify({
    'say "hi"': "a",
    "it's": "b",
    "back\\slash": "c",
    "héllo ✓ 😀": "d",
    "line\u2028break": "e",
    "a\u0024{b}": "f",
    "0": 0,
    "01": 1,
    "1e3": 2,
    constructor: "g",
  }).replace(/^\{/, '{"__proto__":"h",'),
) as Record<string, unknown>;

const wide: Record<string, unknown> = JSON.parse(
  JSON.stringify({
    'say "hi"': "a",
    "0": 0,
    "1e3": 1,
    ...Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`k${i + 4}`, i])),
  }).replace(/^\{/, '{"__proto__":"h",'),
) as Record<string, unknown>;

describe("an object of up to 16 properties", () => {
  it("tests known keys inline, each written as a string literal", () => {
    expect(code).not.toContain("KNOWN_OddKeys");
    expect(stringsIn(functionText("decodeOddKeys"), "key !== ").sort()).toEqual(
      Object.keys(odd).sort(),
    );
  });

  it("keeps every known key, odd ones included, and drops the others", () => {
    expect(Object.hasOwn(odd, "__proto__")).toBe(true);
    expectExactly(decode("odd", wire(odd)), odd);
    expectExactly(decode("odd", wire(odd, true)), odd);
  });

  it("still checks the known keys", () => {
    expectInvalid(
      () => decode("odd", { ...wire(odd), "1e3": "x" }),
      'value["1e3"]: expected number, got string',
    );
  });
});

describe("an object of more than 16 properties", () => {
  it("checks its keys against one field table", () => {
    expect(functionText("decodeWideKeys")).toContain("checkFields(value, path, FIELDS_WideKeys);");
    const start = code.indexOf("const FIELDS_WideKeys = fieldTable(");
    const literal = code.slice(code.indexOf("{", start), code.indexOf("});", start) + 1);
    const spec = runInNewContext(`(${literal})`) as Record<string, string>;
    expect(Object.keys(spec).sort()).toEqual(Object.keys(wide).sort());
    expect(Object.getOwnPropertyDescriptor(spec, "__proto__")?.value).toBe("string");
    expect(spec["1e3"]).toBe("number");
  });

  it("keeps every known key and drops the others", () => {
    expectExactly(decode("wide", wire(wide)), wide);
    expectExactly(decode("wide", wire(wide, true)), wide);
  });

  it("names the wrong or missing property the way the inline checks do", () => {
    expectInvalid(
      () => decode("wide", { ...wire(wide), "1e3": "x" }),
      'value["1e3"]: expected number, got string',
    );
    const withoutK9 = wire(wide);
    delete withoutK9.k9;
    expectInvalid(() => decode("wide", withoutK9), "value.k9: expected number, got undefined");
    const noProto = wire(wide);
    Reflect.deleteProperty(noProto, "__proto__");
    expectInvalid(() => decode("wide", noProto), "value.__proto__: expected string, got undefined");
  });
});

describe("an object with an index signature", () => {
  const open = { 'say "hi"': "a", "0": "b" };

  it("skips the known keys inline and decodes every other key", () => {
    expect(code).toContain(`if (key === "0" || key === 'say "hi"') continue;`);
    const value = { ...open, extra: "c" };
    expect(decode("open", { ...value })).toEqual(value);
    expectInvalid(
      () => decode("open", { ...open, "say 'hi'": 1 }),
      `value["say 'hi'"]: expected string, got number`,
    );
  });
});

describe("an object with more than 16 properties and an index signature", () => {
  it("skips the known keys with a Set and decodes every other key", () => {
    const text = functionText("decodeWideOpenKeys");
    expect(text).toContain("if (KNOWN_WideOpenKeys.has(key)) continue;");
    expect(text).not.toContain("dropUnknown");
    const value = { ...wide, extra: "c" };
    expectExactly(decode("wideOpen", { ...value }), value);
    expectInvalid(
      () => decode("wideOpen", { ...wide, extra: true }),
      'value["extra"]: expected string | number, got boolean',
    );
  });
});
