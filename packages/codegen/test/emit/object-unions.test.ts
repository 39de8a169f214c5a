/**
 * Untagged unions of objects and of tuples (issue 12, docs/codegen.md#unions-of-objects), on the
 * golden module of fixtures/idl/unions.ts: no key a matching member declares is lost, a weak
 * member takes only a value sharing a key with it, and a refusal names the closest member.
 */
import { describe, expect, it } from "vitest";
import * as module from "../fixtures/gen/unions.js";
import { codecsOf, expectInvalid, fresh } from "./support.js";

const events = () => codecsOf(module, "Events", "list");
const examples = () => codecsOf(module, "Events", "examples");
const schema = () => codecsOf(module, "Events", "schema");
const bbox = () => codecsOf(module, "Events", "bbox");

describe("members sharing keys", () => {
  it("decodes as the member keeping most of the value's keys", () => {
    const list = [
      { event: "sub_issue_added", sub_issue: { number: 7, extra: 1 } },
      { event: "moved", card: { id: 1 } },
      { event: "labeled", label: "x" },
      { event: "closed", sub_issue: null },
    ];
    expect(events().decodeResponse(fresh(list))).toEqual([
      { event: "sub_issue_added", sub_issue: { number: 7 } },
      { event: "moved", card: { id: 1 } },
      { event: "labeled" },
      { event: "closed", sub_issue: null },
    ]);
  });

  it("keeps a key only another member declares, checked with that member's type", () => {
    // TypeScript accepts it as an OtherSchema: `items` is declared by ArraySchema.
    expect(schema().decodeRequest({ title: "Pets", items: ["x"], other: 1 })).toEqual({
      title: "Pets",
      items: ["x"],
    });
    expectInvalid(
      () => schema().decodeRequest({ title: "Pets", items: 5 }),
      "schema: no member of ArraySchema | OtherSchema matches: ArraySchema.items: expected array, got number",
    );
    // Both members fit; the ArraySchema try fails on `type`, OtherSchema keeps `items`.
    expect(schema().decodeRequest({ type: "object", items: ["x"] })).toEqual({
      type: "object",
      items: ["x"],
    });
    expect(schema().decodeRequest({ type: "array", items: ["x"] })).toEqual({
      type: "array",
      items: ["x"],
    });
  });

  it("says which member came closest and why it refused", () => {
    expectInvalid(
      () => events().decodeResponse([{ event: "x", sub_issue: "7" }]),
      "response[0]: no member of Moved | SubIssue matches: SubIssue.sub_issue: expected object, got string",
    );
    expectInvalid(
      () => events().decodeResponse([{ card: { id: 1 } }]),
      "response[0]: no member of Moved | SubIssue matches: Moved.event: expected string, got undefined",
    );
    expectInvalid(
      () => events().decodeResponse([{ event: "x", card: { id: "1" }, sub_issue: null }]),
      "response[0]: no member of Moved | SubIssue matches: Moved.card.id: expected number, got string",
    );
  });
});

describe("weak members (every property optional)", () => {
  it("does not take a value sharing no key with it", () => {
    expect(examples().decodeRequest({ a: { $ref: "#/x" }, b: { summary: "s" }, c: {} })).toEqual({
      a: { $ref: "#/x" },
      b: { summary: "s" },
      c: {},
    });
    expectInvalid(
      () => examples().decodeRequest({ a: { $ref: 12345 } }),
      'examples["a"]: no member of Ref | Example matches: Ref.$ref: expected string, got number',
    );
    expectInvalid(
      () => examples().decodeRequest({ a: { $ref: null } }),
      'examples["a"]: no member of Ref | Example matches: Ref.$ref: expected string, got null',
    );
  });

  it("takes the empty object and one with only unknown keys, as TypeScript does", () => {
    expect(examples().decodeRequest({ a: {}, b: { "x-extension": 1 } })).toEqual({
      a: {},
      b: {},
    });
  });

  it("keeps and converts another member's keys on a tie", () => {
    const at = "2024-01-02T03:04:05.000Z";
    expect(examples().decodeRequest({ a: { $ref: "#/x", summary: "s", at } })).toEqual({
      a: { $ref: "#/x", summary: "s", at: new Date(at) },
    });
    expectInvalid(
      () => examples().decodeRequest({ a: { $ref: "#/x", summary: 5 } }),
      'examples["a"]: no member of Ref | Example matches: Example.summary: expected string, got number',
    );
  });
});

describe("unions of tuples", () => {
  it("names the lengths it takes", () => {
    expect(bbox().decodeRequest([1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
    expect(bbox().decodeRequest([1, 2, 3, 4, 5, 6])).toEqual([1, 2, 3, 4, 5, 6]);
    expectInvalid(
      () => bbox().decodeRequest([1, 2, 3, 4, 5]),
      "box: expected a tuple of 4 or 6 elements, got an array of 5",
    );
  });
});
