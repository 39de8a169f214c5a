import { jsonCodec, msgpackCodec, RpcError } from "@rpcgen/runtime";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { inventorySchema } from "../fixtures/ir-handwritten/inventory.ir.js";
import { pathSchema } from "../fixtures/ir-handwritten/path.ir.js";
import { shapesSchema } from "../fixtures/ir-handwritten/shapes.ir.js";
import { codecsOf, fresh, loadGenerated } from "./support.js";

let path: Record<string, unknown>;
let shapes: Record<string, unknown>;
let inventory: Record<string, unknown>;
beforeAll(async () => {
  path = await loadGenerated(pathSchema, "properties-path", "path.idl.ts");
  shapes = await loadGenerated(shapesSchema, "properties-shapes", "shapes.idl.ts");
  inventory = await loadGenerated(inventorySchema, "properties-inventory", "inventory.idl.ts");
});

// JSON writes -0 as 0, which is the codec's business, not the decoders'.
const number = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n));
const latLon = fc.record({ lat: number, lon: number });
const pathRequest = fc.record(
  {
    from: latLon,
    to: latLon,
    avoid: fc.array(fc.constantFrom("tolls", "highways")),
  },
  { requiredKeys: ["from", "to"] },
);

type Segment = string | number;

/** Every leaf of a JSON value with the segments leading to it. */
function leaves(value: unknown, at: Segment[] = []): [Segment[], unknown][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...at, i]));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...at, key]));
  }
  return [[at, value]];
}

function pathText(root: string, segments: readonly Segment[]): string {
  return segments.reduce<string>(
    (text, s) => (typeof s === "number" ? `${text}[${s}]` : `${text}.${s}`),
    root,
  );
}

function replaced(value: unknown, segments: readonly Segment[], leaf: unknown): unknown {
  const copy = fresh(value);
  let holder = copy as Record<Segment, unknown>;
  for (const segment of segments.slice(0, -1)) holder = holder[segment] as Record<Segment, unknown>;
  holder[segments.at(-1) as Segment] = leaf;
  return copy;
}

describe("decoders on random values", () => {
  it("accept every valid request and return it unchanged", () => {
    const { decodeRequest } = codecsOf(path, "PathService", "shortestPath");
    fc.assert(
      fc.property(pathRequest, (request) => {
        expect(decodeRequest(fresh(request))).toEqual(request);
      }),
    );
  });

  it("refuse a single wrong leaf, naming its path", () => {
    const { decodeRequest } = codecsOf(path, "PathService", "shortestPath");
    const mutated = pathRequest
      .filter((request) => leaves(request).length > 0)
      .chain((request) => fc.tuple(fc.constant(request), fc.constantFrom(...leaves(request))));
    fc.assert(
      fc.property(mutated, ([request, [segments, leaf]]) => {
        const wrong = typeof leaf === "number" ? String(leaf) : 5;
        try {
          decodeRequest(replaced(request, segments, wrong));
          return false;
        } catch (error) {
          return (
            error instanceof RpcError &&
            error.message.startsWith(`${pathText("req", segments)}: expected `)
          );
        }
      }),
    );
  });

  it("accept any JSON value as Json, unchanged", () => {
    const { decodeRequest } = codecsOf(shapes, "ShapeService", "echo");
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Compared after JSON, which turns -0 into 0.
        expect(decodeRequest(fresh(value))).toEqual(fresh(value));
      }),
    );
  });
});

const date = fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) });
const item = fc.record({ sku: fc.string(), added: date });
const inventoryValue = fc.record({
  items: fc.array(fc.tuple(fc.string(), item)).map((pairs) => new Map(pairs)),
  tags: fc.array(fc.string()).map((tags) => new Set(tags)),
  scores: fc.array(fc.option(number, { nil: undefined })),
  point: fc.tuple(number, number),
  range: fc.tuple(fc.string()),
  edges: fc.tuple(fc.string(), date),
  labels: fc.dictionary(
    fc.string().filter((key) => key !== "__proto__"),
    fc.string(),
  ),
  counts: fc.dictionary(fc.integer().map(String), date),
  extra: fc.record({ note: fc.string() }),
  nested: fc.record({
    when: date,
    groups: fc.array(fc.array(fc.integer()).map((members) => new Set(members))),
  }),
});

describe("encoders and decoders together", () => {
  it("round-trip random values through both codecs", () => {
    const { encodeRequest, decodeRequest } = codecsOf(inventory, "InventoryService", "put");
    fc.assert(
      fc.property(inventoryValue, fc.constantFrom(jsonCodec(), msgpackCodec()), (value, codec) => {
        const wire = codec.decode(codec.encode(encodeRequest(value)));
        expect(decodeRequest(wire)).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });
});
