/**
 * Types real projects already have, used as the IDL unchanged (issue 12): branded primitives,
 * template literal types, the open-string idiom, `Record<string, never>`, `deleted?: void`, an
 * object intersected with `{}`, an interface extending Array, intersections of arrays, some of
 * them from packages
 * (fixtures/idl/real-world/shapes.ts). Each is analyzed without a diagnostic, generated, the
 * module type-checked strictly against the IDL, and its decoder held to what TypeScript itself
 * accepts: one table of values is both compiled (a refused value must be a type error) and
 * decoded (a refused value must fail the call).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { analyze, formatDiagnostic } from "../../src/analyze/index.js";
import { generate } from "../../src/generate.js";
import type { Schema } from "../../src/ir/schema.js";
import { codecsOf, expectInvalid, scratch } from "../emit/support.js";
import { tsc, writeStrictTsconfig } from "../support/tsc.js";
import { idlDir } from "./helpers.js";

const idl = join(idlDir, "real-world", "shapes.ts");
const out = join(scratch, "real-world");

/**
 * A method of ShapesService, the IDL type it takes, a value, and whether TypeScript accepts the
 * value for the type (undefined for a branded type, which no plain value is: the decoder takes
 * the base value), with the decoder's message when it refuses.
 */
type Case = readonly [method: string, type: string, value: unknown, accepted: boolean | undefined];

const cases: readonly Case[] = [
  ["userId", "UserId", "u-1", undefined],
  ["email", "Email", "a@b.c", undefined],
  ["order", "OrderNumber", 7, undefined],
  ["apiKey", "ApiKey", "key_1", undefined],
  ["verified", "Verified", true, undefined],
  ["userKey", "UserKey", "user-1", true],
  ["userKey", "UserKey", "user-", true],
  ["userKey", "UserKey", "usr-1", false],
  ["version", "Version", "v1.2", true],
  // TypeScript matches the first placeholder up to the first ".": "1", then "2.3" is a number.
  ["version", "Version", "v1.2.3", true],
  ["version", "Version", "v 1.2", true],
  ["version", "Version", "v0x1F.5e3", true],
  ["version", "Version", "v1", false],
  ["version", "Version", "v.5.1", false],
  ["version", "Version", "vx.1", false],
  ["version", "Version", "v1.Infinity", false],
  ["endpoint", "Endpoint", "localhost:8080", true],
  ["endpoint", "Endpoint", ":1", true],
  ["endpoint", "Endpoint", "host: 1", true],
  // The first placeholder ends at the first ":", so "b:1" would have to be a number.
  ["endpoint", "Endpoint", "a:b:1", false],
  ["endpoint", "Endpoint", "::1", false],
  ["ref", "Ref", "#/components", true],
  ["ref", "Ref", "https://example.com", true],
  ["ref", "Ref", "self", true],
  ["ref", "Ref", "selfish", false],
  ["bigIntText", "BigIntText", "10n", true],
  ["bigIntText", "BigIntText", "-0x1fn", true],
  ["bigIntText", "BigIntText", "0n", true],
  ["bigIntText", "BigIntText", "1.5n", false],
  ["bigIntText", "BigIntText", "+1n", false],
  ["bigIntText", "BigIntText", "01n", false],
  ["pair", "Pair", "1abc", true],
  ["pair", "Pair", "7", true],
  // One character before the next placeholder: white space reads as the number 0.
  ["pair", "Pair", " x", true],
  ["pair", "Pair", "a1", false],
  ["model", "Model", "gpt-4o", true],
  ["model", "Model", "my-fine-tune", true],
  ["model", "Model", 4, false],
  ["voice", "Voice", "nova", true],
  ["tier", "Tier", "enterprise", true],
  ["empty", "Empty", {}, true],
  ["empty", "Empty", { a: 1 }, false],
  ["customer", "Customer", { id: "c" }, true],
  ["customer", "Customer", { id: "c", deleted: undefined }, true],
  ["customer", "Customer", { id: "c", deleted: 1 }, false],
  ["scores", "Scores", [1, 2], true],
  ["scores", "Scores", ["a"], false],
  ["labels", "Labels", [{ id: 1, name: "bug", color: "f00" }], true],
  ["labels", "Labels", [], true],
  ["labels", "Labels", [null], false],
  ["labels", "Labels", [{ id: 1, name: "bug", hidden: true }], false],
  ["labels", "Labels", [{ id: 1 }], false],
  ["flags", "Flags", ["on", "off"], true],
  ["flags", "Flags", ["maybe"], false],
];

/** A value as TypeScript source (JSON has no `undefined`). */
function source(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(source).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${source(v)}`);
    return `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

/** Every case TypeScript has a verdict on, as a declaration that must (or must not) compile. */
function casesSource(): string {
  const judged = cases.filter(([, , , accepted]) => accepted !== undefined);
  const types = [...new Set(judged.map(([, type]) => type))].join(", ");
  const lines = [`import type { ${types} } from "../../fixtures/idl/real-world/shapes.js";`, ""];
  cases.forEach(([, type, value, accepted], i) => {
    if (accepted === undefined) return;
    if (!accepted) lines.push("// @ts-expect-error TypeScript refuses this value");
    lines.push(`export const case${i}: ${type} = ${source(value)};`);
  });
  return `${lines.join("\n")}\n`;
}

/** A consumer of the generated module: branded types reach callers and handlers as declared. */
const consumer = `import type { ClientTransport } from "@rpcgen/runtime";
import type { Profile, UserId } from "../../fixtures/idl/real-world/shapes.js";
import { createShapesServiceClient, type ShapesServiceHandlers } from "./shapes.js";

declare const transport: ClientTransport;
const client = createShapesServiceClient(transport);

export async function calls(id: UserId): Promise<UserId> {
  const back: UserId = await client.userId(id);
  // @ts-expect-error a plain string is not a UserId: the brand holds on the client
  await client.userId("u-1");
  return back;
}

export const handlers: Pick<ShapesServiceHandlers, "userId" | "save"> = {
  userId: (value) => value,
  save: (profile: Profile) => {
    const id: UserId = profile.id;
    return { ...profile, id };
  },
};
`;

let schema: Schema;
let module: Record<string, unknown>;

beforeAll(async () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const analyzed = analyze({ files: [idl], outDir: out });
  expect(analyzed.diagnostics.map((d) => formatDiagnostic(d, idlDir))).toEqual([]);
  schema = analyzed.schemas[0]?.schema as Schema;
  const generated = generate({ files: [idl], outDir: out });
  expect(generated.diagnostics).toEqual([]);
  writeFileSync(join(out, "cases.ts"), casesSource());
  writeFileSync(join(out, "consumer.ts"), consumer);
  writeStrictTsconfig(out, ["."]);
  module = (await import(pathToFileURL(join(out, "shapes.ts")).href)) as Record<string, unknown>;
}, 120_000);

describe("the schema of real-world shapes", () => {
  /** A named type's body, through the refs of aliases such as `Empty = components[…]["Empty"]`. */
  const type = (id: string) => {
    let found = schema.types[id]?.type;
    while (found?.kind === "ref") found = schema.types[found.id]?.type;
    return found;
  };

  test("an alias of an indexed access refers to the type the package declares there", () => {
    expect(schema.types.Customer?.type).toEqual({
      kind: "ref",
      id: 'components["schemas"]["Customer"]',
    });
    expect(schema.types['components["schemas"]["Customer"]']).toMatchObject({
      name: 'components["schemas"]["Customer"]',
      declaredIn: "@fixture/openapi",
    });
    // A string (the open-string idiom) gains nothing from a name of its own: it stays in place.
    expect(schema.types.Model?.type).toEqual({ kind: "string" });
  });

  test("a brand is its base type: the brand is erased", () => {
    expect(type("UserId")).toEqual({ kind: "string" });
    expect(type("Email")).toEqual({ kind: "string" });
    expect(type("OrderNumber")).toEqual({ kind: "number" });
    expect(type("Verified")).toEqual({ kind: "boolean" });
    expect(type("ApiKey")).toEqual({ kind: "string", constraints: { pattern: "^key_[\\s\\S]*$" } });
  });

  test("a template literal is a string with an anchored pattern", () => {
    expect(type("UserKey")).toEqual({
      kind: "string",
      constraints: { pattern: "^user-[\\s\\S]*$" },
    });
    // A union of templates and literals is one pattern: a value must match one, not all.
    expect(type("Ref")).toEqual({
      kind: "string",
      constraints: { pattern: "^(?:#\\/[\\s\\S]*|https:\\/\\/[\\s\\S]*|self)$" },
    });
  });

  test("the open-string idiom is a string", () => {
    for (const id of ["Model", "Voice", "Tier"]) expect(type(id)).toEqual({ kind: "string" });
  });

  test("Record<string, never> is a record of the empty union, never", () => {
    expect(type("Empty")).toEqual({
      kind: "record",
      key: "string",
      value: { kind: "union", members: [] },
    });
  });

  test("an optional void is a property that is only ever absent", () => {
    const customer = type("Customer");
    expect(customer?.kind === "object" && customer.properties[1]).toMatchObject({
      name: "deleted",
      type: { kind: "undefined" },
      optional: true,
    });
  });

  test("an object intersected with {} is the object, and an interface extending Array an array", () => {
    expect(type("Op")).toEqual({
      kind: "object",
      properties: [{ name: "id", type: { kind: "string" }, optional: false, readonly: false }],
    });
    expect(Object.keys(schema.types)).toContain("Op<{ name: string }>");
    expect(type("Scores")).toEqual({ kind: "array", element: { kind: "number" } });
  });

  test("an intersection of arrays is an array of elements of every part", () => {
    // Label & (Record<string, string | number> | null): Label with other keys, never null.
    const labels = type("Labels");
    expect(labels?.kind === "array" && labels.element).toMatchObject({
      kind: "object",
      properties: [{ name: "id" }, { name: "name" }],
      additional: { kind: "union", members: [{ kind: "string" }, { kind: "number" }] },
    });
    expect(type("Flags")).toEqual({
      kind: "array",
      element: {
        kind: "union",
        members: [
          { kind: "literal", value: "on" },
          { kind: "literal", value: "off" },
        ],
      },
    });
  });
});

describe("the generated module", () => {
  test("compiles under strict settings, and TypeScript agrees with every verdict of the table", () => {
    const run = tsc(out);
    // An unused @ts-expect-error is an error too: a clean run proves each refused value fails.
    expect(run.output).toBe("");
    expect(run.code).toBe(0);
  }, 120_000);

  test.each(cases.map((c, i) => [i, ...c] as const))(
    "case %i: %s decodes %j as TypeScript does (%s, accepted: %s)",
    (_i, method, _type, value, accepted) => {
      const { decodeRequest } = codecsOf(module, "ShapesService", method);
      const copy = structuredClone(value);
      if (accepted === false) {
        expect(() => decodeRequest(copy)).toThrow(/^value/);
      } else {
        expect(decodeRequest(copy)).toEqual(value);
      }
    },
  );

  test("a template literal refuses a non-matching string, naming the pattern", () => {
    const { decodeRequest } = codecsOf(module, "ShapesService", "userKey");
    expectInvalid(
      () => decodeRequest("usr-1"),
      'value: expected a string matching /^user-[\\s\\S]*$/u, got "usr-1"',
    );
  });

  test("Record<string, never> accepts {} and refuses a present key, naming it", () => {
    const { decodeRequest } = codecsOf(module, "ShapesService", "empty");
    expect(decodeRequest({})).toEqual({});
    expectInvalid(
      () => decodeRequest({ a: 1 }),
      'value["a"]: expected no value (never), got number',
    );
    expectInvalid(
      () => decodeRequest({ a: undefined }),
      'value["a"]: expected no value (never), got undefined',
    );
  });

  test("a brand decodes its base value, and refuses another kind", () => {
    const { decodeRequest, decodeResponse } = codecsOf(module, "ShapesService", "userId");
    expect(decodeRequest("u-1")).toBe("u-1");
    expect(decodeResponse("u-2")).toBe("u-2");
    expectInvalid(() => decodeRequest(1), "value: expected string, got number");
  });

  test("an optional void refuses a present value", () => {
    const { decodeRequest } = codecsOf(module, "ShapesService", "customer");
    expectInvalid(
      () => decodeRequest({ id: "c", deleted: 1 }),
      "value.deleted: expected undefined, got number",
    );
  });
});
