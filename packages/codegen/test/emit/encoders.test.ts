import { jsonCodec, msgpackCodec } from "@rpcgen/runtime";
import { beforeAll, describe, expect, it } from "vitest";
import { inventorySchema } from "../fixtures/ir-handwritten/inventory.ir.js";
import { codecsOf, loadGenerated, methodOf } from "./support.js";

let module: Record<string, unknown>;
beforeAll(async () => {
  module = await loadGenerated(inventorySchema, "encoders", "inventory.idl.ts");
});

const day = new Date("2024-01-02T03:04:05.000Z");

/** An inventory as a program holds it. */
function inventory() {
  return {
    items: new Map([["a", { sku: "A-1", added: day }]]),
    tags: new Set(["x", "y"]),
    history: new Map([[1, new Set(["in" as const])]]),
    scores: [1, undefined, 3],
    point: [1, 2],
    range: ["r", 1, true],
    edges: ["a", day],
    labels: { a: "A" },
    counts: { 1: day },
    extra: { note: "n", x: 1 },
    nested: { when: day, groups: [new Set([1, 2])] },
  };
}

const put = () => codecsOf(module, "InventoryService", "put");

describe("encoders", () => {
  it("turn Maps into pairs and Sets into arrays, at any depth", () => {
    const encoded = put().encodeRequest(inventory()) as Record<string, unknown>;
    expect(encoded.items).toEqual([["a", { sku: "A-1", added: day }]]);
    expect(encoded.tags).toEqual(["x", "y"]);
    expect(encoded.history).toEqual([[1, ["in"]]]);
    expect(encoded.nested).toEqual({ when: day, groups: [[1, 2]] });
  });

  it("never change their argument, and share what needs no conversion", () => {
    const input = inventory();
    const encoded = put().encodeRequest(input) as Record<string, unknown>;
    expect(input).toEqual(inventory());
    expect(input.items).toBeInstanceOf(Map);
    expect(input.nested.groups[0]).toBeInstanceOf(Set);
    expect(encoded).not.toBe(input);
    expect(encoded.labels).toBe(input.labels);
    expect(encoded.scores).toBe(input.scores);
    expect((encoded.nested as { when: unknown }).when).toBe(day);
  });

  it("leave an absent optional property absent", () => {
    const { history: _, ...input } = inventory();
    const encoded = put().encodeRequest(input) as Record<string, unknown>;
    expect(Object.hasOwn(encoded, "history")).toBe(false);
  });

  it("round-trip through both codecs and the decoder to an equal value", () => {
    for (const codec of [jsonCodec(), msgpackCodec()]) {
      const wire = codec.decode(codec.encode(put().encodeRequest(inventory())));
      expect(put().decodeRequest(wire), codec.name).toEqual(inventory());
    }
  });

  it("encode a request of several parameters field by field", () => {
    const { encodeRequest, encodeResponse } = codecsOf(module, "InventoryService", "tally");
    const input = { counts: new Map([["a", 1]]), seen: new Set([day]) };
    expect(encodeRequest(input)).toEqual({ counts: [["a", 1]], seen: [day] });
    expect(input.counts).toBeInstanceOf(Map);
    expect(encodeResponse(new Set(["a"]))).toEqual(["a"]);
  });

  it("pass values of another shape through unchanged", () => {
    expect(put().encodeRequest("not an inventory")).toBe("not an inventory");
    const { encodeRequest } = codecsOf(module, "InventoryService", "sync");
    expect(encodeRequest(new Map([["a", { sku: "A", added: day }]]))).toEqual([
      ["a", { sku: "A", added: day }],
    ]);
    expect(encodeRequest(null)).toBeNull();
  });

  it("exist only for messages holding a Map or Set", () => {
    expect(methodOf(module, "InventoryService", "upload").encodeRequest).toBeUndefined();
    expect(methodOf(module, "InventoryService", "upload").encodeResponse).toBeUndefined();
    expect(methodOf(module, "InventoryService", "sync").encodeResponse).toBeUndefined();
    expect(methodOf(module, "InventoryService", "put").encodeResponse).toBeDefined();
  });
});
