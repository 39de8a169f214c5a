import { beforeAll, describe, expect, it } from "vitest";
import { inventorySchema } from "../fixtures/ir-handwritten/inventory.ir.js";
import { codecsOf, expectInvalid, fresh, loadGenerated } from "./support.js";

let module: Record<string, unknown>;
beforeAll(async () => {
  module = await loadGenerated(inventorySchema, "collections", "inventory.idl.ts");
});

const day = "2024-01-02T03:04:05.000Z";

/** An inventory as it arrives over JSON: Maps as pairs, Sets as arrays, dates as strings. */
const wire = {
  items: [["a", { sku: "A-1", added: day }]],
  tags: ["x", "y", "x"],
  history: [[1, ["in", "out"]]],
  scores: [1, null, 3],
  point: [1, 2],
  range: ["r", 1, true, false],
  edges: ["a", "b", day],
  labels: { a: "A" },
  counts: { "1": day, "-2.5": day },
  extra: { note: "n", x: "s", y: 2 },
  nested: { when: day, groups: [[1, 2], [3]] },
};

const put = () => codecsOf(module, "InventoryService", "put");
const decode = (value: unknown) => put().decodeRequest(value) as Record<string, unknown>;
const withField = (key: string, value: unknown) => ({ ...fresh(wire), [key]: value });

describe("Maps and Sets", () => {
  it("builds a Map from pairs and a Set from an array, decoding what is inside", () => {
    const decoded = decode(fresh(wire));
    expect(decoded.items).toEqual(new Map([["a", { sku: "A-1", added: new Date(day) }]]));
    expect(decoded.tags).toEqual(new Set(["x", "y"]));
    expect(decoded.history).toEqual(new Map([[1, new Set(["in", "out"])]]));
  });

  it("accepts a Map or a Set given in memory and returns a new one", () => {
    const items = new Map([["a", { sku: "A-1", added: new Date(day) }]]);
    const tags = new Set(["x"]);
    const decoded = decode({ ...fresh(wire), items, tags });
    expect(decoded.items).toEqual(items);
    expect(decoded.items).not.toBe(items);
    expect(decoded.tags).toEqual(tags);
  });

  it("names the pair, the key or the value that is wrong", () => {
    expectInvalid(
      () => decode(withField("items", {})),
      "inventory.items: expected Map or array of [key, value] pairs, got object",
    );
    expectInvalid(
      () => decode(withField("items", [["a"]])),
      "inventory.items[0]: expected [key, value] pair, got array",
    );
    expectInvalid(
      () =>
        decode(
          withField("items", [
            ["a", { sku: "A", added: day }],
            [1, { sku: "B", added: day }],
          ]),
        ),
      "inventory.items[1][0]: expected string, got number",
    );
    expectInvalid(
      () => decode(withField("items", [["a", { sku: 1, added: day }]])),
      "inventory.items[0][1].sku: expected string, got number",
    );
    expectInvalid(
      () => decode(withField("tags", "x")),
      "inventory.tags: expected Set or array, got string",
    );
    expectInvalid(
      () => decode(withField("tags", ["x", 2])),
      "inventory.tags[1]: expected string, got number",
    );
    expectInvalid(
      () => decode(withField("history", [[1, ["in", "sideways"]]])),
      'inventory.history[0][1][1]: expected "in" | "out", got "sideways"',
    );
  });
});

describe("arrays", () => {
  it("turns null back into undefined where the element type allows undefined", () => {
    expect(decode(fresh(wire)).scores).toEqual([1, undefined, 3]);
  });

  it("names the index of a wrong element", () => {
    expectInvalid(
      () => decode(withField("scores", [1, "x"])),
      "inventory.scores[1]: expected number | undefined, got string",
    );
    expectInvalid(
      () => decode(withField("scores", {})),
      "inventory.scores: expected array, got object",
    );
  });

  it("converts elements in place inside nested structures", () => {
    const decoded = decode(fresh(wire));
    const nested = decoded.nested as { when: unknown; groups: unknown[] };
    expect(nested.when).toEqual(new Date(day));
    expect(nested.groups).toEqual([new Set([1, 2]), new Set([3])]);
    expectInvalid(
      () => decode(withField("nested", { when: day, groups: [[1], "x"] })),
      "inventory.nested.groups[1]: expected Set or array, got string",
    );
  });
});

describe("tuples", () => {
  it("checks fixed lengths", () => {
    expectInvalid(
      () => decode(withField("point", [1])),
      "inventory.point: expected 2 elements, got 1",
    );
    expectInvalid(
      () => decode(withField("point", [1, 2, 3])),
      "inventory.point: expected 2 elements, got 3",
    );
    expectInvalid(
      () => decode(withField("point", [1, "2"])),
      "inventory.point[1]: expected number, got string",
    );
    expectInvalid(
      () => decode(withField("point", "1,2")),
      "inventory.point: expected tuple, got string",
    );
  });

  it("allows optional and rest elements", () => {
    expect(decode(withField("range", ["r"])).range).toEqual(["r"]);
    expect(decode(withField("range", ["r", null, true])).range).toEqual(["r", undefined, true]);
    expectInvalid(
      () => decode(withField("range", [])),
      "inventory.range: expected at least 1 element, got 0",
    );
    expectInvalid(
      () => decode(withField("range", ["r", "x"])),
      "inventory.range[1]: expected number, got string",
    );
    expectInvalid(
      () => decode(withField("range", ["r", 1, true, 0])),
      "inventory.range[3]: expected boolean, got number",
    );
  });

  it("decodes elements after a rest element from the end", () => {
    const edges = decode(fresh(wire)).edges as unknown[];
    expect(edges).toEqual(["a", "b", new Date(day)]);
    expect(decode(withField("edges", [day])).edges).toEqual([new Date(day)]);
    expectInvalid(
      () => decode(withField("edges", [1, day])),
      "inventory.edges[0]: expected string, got number",
    );
    expectInvalid(
      () => decode(withField("edges", [])),
      "inventory.edges: expected at least 1 element, got 0",
    );
  });
});

describe("records and index signatures", () => {
  it("decodes every value and names its key", () => {
    const decoded = decode(fresh(wire));
    expect(decoded.counts).toEqual({ "1": new Date(day), "-2.5": new Date(day) });
    expectInvalid(
      () => decode(withField("labels", { a: "A", b: 1 })),
      'inventory.labels["b"]: expected string, got number',
    );
  });

  it("refuses keys that are not numbers in a Record<number, V>", () => {
    expectInvalid(
      () => decode(withField("counts", { x: day })),
      'inventory.counts: expected numeric keys, got "x"',
    );
    expectInvalid(
      () => decode(withField("counts", { "01": day })),
      'inventory.counts: expected numeric keys, got "01"',
    );
  });

  it("keeps extra keys of an index signature and checks them with its type", () => {
    expect(decode(fresh(wire)).extra).toEqual({ note: "n", x: "s", y: 2 });
    expectInvalid(
      () => decode(withField("extra", { note: "n", z: true })),
      'inventory.extra["z"]: expected string | number, got boolean',
    );
    expectInvalid(
      () => decode(withField("extra", { z: "s" })),
      "inventory.extra.note: expected string, got undefined",
    );
  });
});

describe("streams and several parameters", () => {
  it("decodes parameters that are a Map and a Set", () => {
    const { decodeRequest, decodeResponse } = codecsOf(module, "InventoryService", "tally");
    expect(decodeRequest({ counts: [["a", 1]], seen: [day] })).toEqual({
      counts: new Map([["a", 1]]),
      seen: new Set([new Date(day)]),
    });
    expectInvalid(
      () => decodeRequest({ counts: [["a", "1"]], seen: [] }),
      "counts[0][1]: expected number, got string",
    );
    expect(decodeResponse(["a", "b"])).toEqual(new Set(["a", "b"]));
  });

  it("decodes each item of a client stream with the parameter name as path", () => {
    const { decodeRequest } = codecsOf(module, "InventoryService", "upload");
    expect(decodeRequest("AQID")).toEqual(new Uint8Array([1, 2, 3]));
    expectInvalid(
      () => decodeRequest(5),
      "chunks: expected bytes (Uint8Array or base64), got number",
    );
  });

  it("decodes each item of a bidi stream both ways", () => {
    const { decodeRequest, decodeResponse } = codecsOf(module, "InventoryService", "sync");
    expect(decodeRequest([["a", { sku: "A", added: day }]])).toEqual(
      new Map([["a", { sku: "A", added: new Date(day) }]]),
    );
    expect(decodeResponse(["a", null])).toEqual(["a", undefined]);
    expect(decodeResponse(["a", { sku: "A", added: day }])).toEqual([
      "a",
      { sku: "A", added: new Date(day) },
    ]);
    expectInvalid(() => decodeResponse(["a", 1]), "response[1]: expected object, got number");
  });
});
