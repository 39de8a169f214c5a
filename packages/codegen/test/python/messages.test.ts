/**
 * The Python checks and the TypeScript decoders refuse the same responses with the same
 * message: each case breaks one place of a valid `Everything` (fixtures/kinds.ts), both
 * decoders read it, and their messages must be equal, path and wording alike.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServiceDescriptor } from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { needs } from "../../../runtime/test/support/external.js";
import { fixtures, generateInto, run, scratch } from "./support.js";

const hasPython = await needs("python3", "Python client tests");

/** A valid `Everything` in its JSON form. */
function valid(): Record<string, unknown> {
  const leaf = { name: "leaf", children: [] };
  return {
    text: "t",
    slug: "abc",
    email: "a@b.co",
    age: 3,
    ratio: 0.5,
    flag: false,
    big: "12",
    nothing: null,
    when: "2024-01-01T00:00:00.000Z",
    blob: "AAEC",
    exact: "exact",
    answer: 42,
    yes: true,
    list: ["a"],
    pair: ["a", 1],
    maybePair: ["a"],
    spread: ["a", 1, 2],
    inline: { x: 1, y: 2 },
    headers: { contentType: "c", other: "o" },
    scores: { a: 1 },
    byIndex: { "1": "one" },
    nullable: null,
    mixed: "m",
    shape: { shape: "square", side: 2 },
    color: "red",
    level: 10,
    datesByName: [["a", "2024-01-01T00:00:00.000Z"]],
    byPoint: [[{ x: 1 }, "p"]],
    tags: ["a"],
    tree: { name: "root", children: [leaf] },
    page: { items: [leaf], next: null },
    clashes: {
      from: "f",
      class: 1,
      str: "s",
      datetime: "d",
      type: "t",
      "content-type": "c",
      lambda_: "l",
    },
    either: null,
    oneOf: { b: "b" },
    lookup: [["a", 1]],
  };
}

/** Each case: the property replaced and the value it gets (undefined: left out). */
const cases: readonly (readonly [string, unknown])[] = [
  ["text", 5],
  ["text", undefined],
  ["slug", "A"],
  ["slug", "abcdefghij"],
  ["slug", "ab1"],
  ["email", "nope"],
  ["age", 5.5],
  ["age", -1],
  ["age", 151],
  ["age", "x"],
  ["ratio", null],
  ["flag", 0],
  ["big", 1.5],
  ["big", "12a"],
  ["nothing", 0],
  ["when", "yesterday"],
  ["when", 5],
  ["blob", "abc"],
  ["exact", "inexact"],
  ["answer", 41],
  ["yes", false],
  ["list", [1]],
  ["list", {}],
  ["pair", ["a"]],
  ["pair", ["a", "b"]],
  ["maybePair", ["a", true, 1]],
  ["maybePair", ["a", 1]],
  ["spread", []],
  ["spread", ["a", "b"]],
  ["inline", { x: 1 }],
  ["inline", []],
  ["headers", { contentType: "a", other: 5 }],
  ["scores", { a: "x" }],
  ["scores", { "my key": true }],
  ["byIndex", { abc: "x" }],
  ["nullable", 5],
  ["mixed", true],
  ["mixed", ["x"]],
  ["shape", { shape: "triangle" }],
  ["shape", { shape: "circle", radius: "x" }],
  ["shape", { radius: 1 }],
  ["color", "blue"],
  ["level", 5],
  ["level", "10"],
  ["datesByName", {}],
  ["datesByName", [["a"]]],
  ["datesByName", [["a", "x"]]],
  ["byPoint", [[{ x: "1" }, "a"]]],
  ["tags", "x"],
  ["tags", [1]],
  ["tree", { name: "a", children: [{ name: 1, children: [] }] }],
  ["tree", { name: "a" }],
  ["page", { items: [], next: 5 }],
  ["clashes", { ...(valid().clashes as object), from: undefined }],
  ["clashes", { ...(valid().clashes as object), "content-type": 1 }],
  ["clashes", { ...(valid().clashes as object), import: "yes" }],
  ["either", "never"],
  ["either", [1]],
  ["either", { a: "x" }],
  ["either", 5],
  ["oneOf", { a: "x" }],
  ["oneOf", { c: 1 }],
  ["oneOf", 1],
  ["lookup", [["a", "x"]]],
  ["lookup", "x"],
  ["optional", 5],
  ["nested", [{}]],
  ["nested", "x"],
];

describe.runIf(hasPython)("the Python checks' messages", () => {
  const work = scratch("messages");
  let decodeTs: (value: unknown) => unknown;

  beforeAll(async () => {
    copyFileSync(join(fixtures, "kinds.ts"), join(work.dir, "kinds.ts"));
    generateInto([join(work.dir, "kinds.ts")], join(work.dir, "gen"), "typescript");
    generateInto([join(work.dir, "kinds.ts")], join(work.dir, "py"), "python");
    const url = pathToFileURL(join(work.dir, "gen/kinds.ts")).href;
    const module = (await import(url)) as { KindsServiceDef: ServiceDescriptor };
    const decode = module.KindsServiceDef.methods.echo?.decodeResponse;
    if (decode === undefined) throw new Error("echo has no response decoder");
    decodeTs = decode;
  }, 120_000);

  afterAll(() => work.remove());

  test("are the TypeScript decoders' messages, for every kind", async () => {
    const values = [valid(), ...cases.map(([key, value]) => ({ ...valid(), [key]: value }))];
    const expected = values.map((value) => {
      try {
        decodeTs(structuredClone(value));
        return "ok";
      } catch (error) {
        return (error as Error).message;
      }
    });
    const lines = values.map((value) => JSON.stringify(value)).join("\n");
    const script = join(fixtures, "decode_cases.py");
    const result = await run("python3", [script], {
      cwd: work.dir,
      pythonPath: join(work.dir, "py"),
      stdin: `${lines}\n`,
    });
    expect(result.stderr).toBe("");
    const got = result.stdout.trimEnd().split("\n");
    const table = (messages: readonly string[]) =>
      messages.map((message, i) => `${i === 0 ? "valid" : cases[i - 1]?.[0]}: ${message}`);
    expect(table(got)).toEqual(table(expected));
    expect(expected[0]).toBe("ok");
    expect(expected.filter((message) => message === "ok")).toHaveLength(1);
  });
});
