import { beforeAll, describe, expect, it } from "vitest";
import { shapesSchema } from "../fixtures/ir-handwritten/shapes.ir.js";
import { codecsOf, expectInvalid, fresh, loadGenerated } from "./support.js";

let module: Record<string, unknown>;
beforeAll(async () => {
  module = await loadGenerated(shapesSchema, "unions", "shapes.idl.ts");
});

const day = "2024-01-02T03:04:05.000Z";
const at = { lat: 1, lon: 2 };

const wire = {
  shapes: [
    { kind: "circle", radius: 1 },
    { kind: "square", side: 2 },
  ],
  inline: { type: "line", from: at, to: at, at: day },
  anchor: null,
  label: "hello",
  amount: 5,
  stamp: day,
  tree: { value: 1, children: [] },
  json: { a: [1, "b", null, true, { c: {} }] },
  page: { items: [at] },
  loose: { a: 1 },
  pick: "x",
};

const draw = () => codecsOf(module, "ShapeService", "draw");
const decode = (value: unknown) => draw().decodeRequest(value) as Record<string, unknown>;
const withField = (key: string, value: unknown) => ({ ...fresh(wire), [key]: value });

describe("discriminated unions", () => {
  it("picks the member by its tag and drops what that member does not know", () => {
    const { decodeRequest } = codecsOf(module, "ShapeService", "area");
    expect(decodeRequest({ kind: "circle", radius: 1, side: 9 })).toEqual({
      kind: "circle",
      radius: 1,
    });
    expect(decodeRequest({ kind: "square", side: 2 })).toEqual({ kind: "square", side: 2 });
  });

  it("names the tag when it matches no member", () => {
    const { decodeRequest } = codecsOf(module, "ShapeService", "area");
    expectInvalid(
      () => decodeRequest({ kind: "triangle" }),
      'shape.kind: expected "circle" | "square", got "triangle"',
    );
    expectInvalid(
      () => decodeRequest({ radius: 1 }),
      'shape.kind: expected "circle" | "square", got undefined',
    );
    expectInvalid(
      () => decodeRequest({ kind: "square", side: "2" }),
      "shape.side: expected number, got string",
    );
    expectInvalid(() => decodeRequest(null), "shape: expected object, got null");
  });

  it("decodes inline members, converting inside the chosen one", () => {
    expect(decode(fresh(wire)).inline).toEqual({
      type: "line",
      from: at,
      to: at,
      at: new Date(day),
    });
    expect(decode(withField("inline", { type: "dot", at, from: at })).inline).toEqual({
      type: "dot",
      at,
    });
    expectInvalid(
      () => decode(withField("inline", { type: "dot" })),
      "drawing.inline.at: expected object, got undefined",
    );
    expectInvalid(
      () => decode(withField("inline", { type: "arc" })),
      'drawing.inline.type: expected "dot" | "line", got "arc"',
    );
  });

  it("names the element of an array of unions", () => {
    const shapes = [{ kind: "circle", radius: 1 }, { kind: "square" }];
    expectInvalid(
      () => decode(withField("shapes", shapes)),
      "drawing.shapes[1].side: expected number, got undefined",
    );
  });
});

describe("unions of a type and null or a primitive", () => {
  it("lets the simple members pass and decodes the other", () => {
    expect(decode(withField("anchor", at)).anchor).toEqual(at);
    expectInvalid(
      () => decode(withField("anchor", { lat: "1", lon: 2 })),
      "drawing.anchor.lat: expected number, got string",
    );
    expect(decode(withField("label", { kind: "circle", radius: 3 })).label).toEqual({
      kind: "circle",
      radius: 3,
    });
    expectInvalid(
      () => decode(withField("label", 5)),
      "drawing.label: expected object, got number",
    );
  });

  it("converts only the member that converts", () => {
    expect(decode(fresh(wire)).stamp).toEqual(new Date(day));
    expect(decode(withField("stamp", null)).stamp).toBeNull();
    expect(decode(fresh(wire)).amount).toBe(5);
    expect(decode(withField("amount", "12345678901234567890")).amount).toBe(12345678901234567890n);
  });

  it("lets literals pass and decodes an array otherwise", () => {
    expect(decode(withField("pick", [at])).pick).toEqual([at]);
    expectInvalid(() => decode(withField("pick", "z")), "drawing.pick: expected array, got string");
  });
});

describe("other unions", () => {
  it("decodes as the member keeping most keys, so none is dropped", () => {
    expect(decode(withField("loose", { a: 1, b: "x" })).loose).toEqual({ a: 1, b: "x" });
    expect(decode(withField("loose", { a: 1, c: 2 })).loose).toEqual({ a: 1 });
  });

  it("lists the members when no member accepts the value", () => {
    expectInvalid(
      () => decode(withField("loose", { a: "1" })),
      "drawing.loose: no member of { a } | { a, b } matches: { a }.a: expected number, got string",
    );
    expectInvalid(
      () => decode(withField("loose", 1)),
      "drawing.loose: expected { a } | { a, b }, got number",
    );
  });
});

describe("recursive types", () => {
  it("decodes a tree through its own decoder, converting at every depth", () => {
    const { decodeRequest } = codecsOf(module, "ShapeService", "grow");
    const tree = {
      value: 1,
      children: [{ value: 2, when: day, children: [{ value: 3, when: day, children: [] }] }],
    };
    expect(decodeRequest(fresh(tree))).toEqual({
      value: 1,
      children: [
        {
          value: 2,
          when: new Date(day),
          children: [{ value: 3, when: new Date(day), children: [] }],
        },
      ],
    });
    const bad = { value: 1, children: [{ value: 2, children: [{ value: "3", children: [] }] }] };
    expectInvalid(
      () => decodeRequest(bad),
      "tree.children[0].children[0].value: expected number, got string",
    );
  });

  it("decodes a JSON-like value of any depth and refuses what JSON cannot hold", () => {
    const { decodeRequest } = codecsOf(module, "ShapeService", "echo");
    const json = { a: [1, "b", null, true, { c: { d: [[[]]] } }] };
    expect(decodeRequest(fresh(json))).toEqual(json);
    expectInvalid(
      () => decodeRequest({ a: [1, Number.NaN] }),
      'value["a"][1]: expected string | number | boolean | null | Json[] | object, got NaN',
    );
    expectInvalid(
      () => decodeRequest({ a: { b: () => 1 } }),
      'value["a"]["b"]: expected string | number | boolean | null | Json[] | object, got function',
    );
  });
});

describe("generic instantiations and optional messages", () => {
  it("decodes Page<LatLon> with its own decoder", () => {
    expect(decode(fresh(wire)).page).toEqual({ items: [at] });
    expectInvalid(
      () => decode(withField("page", { items: [at, 1] })),
      "drawing.page.items[1]: expected object, got number",
    );
  });

  it("accepts a missing optional parameter and a missing optional response", () => {
    const { decodeRequest, decodeResponse } = codecsOf(module, "ShapeService", "list");
    expect(decodeRequest(undefined)).toBeUndefined();
    expect(decodeRequest(null)).toBeUndefined();
    expect(decodeRequest({ items: [], next: "n" })).toEqual({ items: [], next: "n" });
    expectInvalid(
      () => decodeRequest({ items: [], next: 1 }),
      "page.next: expected string, got number",
    );
    expect(decodeResponse(null)).toBeUndefined();
    expect(decodeResponse({ items: [] })).toEqual({ items: [] });
  });
});
