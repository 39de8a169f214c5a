import { type Codec, jsonCodec, msgpackCodec, RpcCode, RpcError } from "@rpcgen/runtime";
import fc from "fast-check";
import { pack } from "msgpackr";
import { describe, expect, test } from "vitest";
import {
  hasKey,
  jsonData,
  msgpackData,
  msgpackishBytes,
  ownObject,
  plain,
  trickyKeys,
} from "./arbitraries.js";

const budget = { numRuns: 300, interruptAfterTimeLimit: 4_000 };

const codecs = {
  json: { create: jsonCodec, data: jsonData, refused: ["__proto__"] },
  // msgpackr renames a `__proto__` key to `__proto_`, so the codec refuses that name too.
  msgpack: { create: msgpackCodec, data: msgpackData, refused: ["__proto__", "__proto_"] },
} as const;

const utf8 = new TextEncoder();

/** Decodes, returning the value or the thrown error. */
function attempt(codec: Codec, bytes: Uint8Array): { value: unknown } | { error: unknown } {
  try {
    return { value: codec.decode(bytes) };
  } catch (error) {
    return { error };
  }
}

function expectRefused(outcome: { value: unknown } | { error: unknown }, message: RegExp): void {
  expect(outcome).toHaveProperty("error");
  const { error } = outcome as { error: unknown };
  expect(error).toBeInstanceOf(RpcError);
  expect((error as RpcError).code).toBe(RpcCode.InvalidArgument);
  expect((error as RpcError).message).toMatch(message);
}

/** Overwrites bytes and truncates: the shapes corrupted input usually takes. */
const damage = fc.record({
  writes: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
  cut: fc.option(fc.nat(), { nil: undefined }),
});

function damaged(bytes: Uint8Array, d: { writes: [number, number][]; cut: number | undefined }) {
  const out = bytes.slice();
  for (const [at, byte] of d.writes) if (out.length > 0) out[at % out.length] = byte;
  return d.cut === undefined ? out : out.subarray(0, d.cut % (out.length + 1));
}

function nested(shape: readonly boolean[], leaf: unknown): unknown {
  return shape.reduceRight<unknown>((inner, isArray) => (isArray ? [inner] : { k: inner }), leaf);
}

describe.each(Object.entries(codecs))("%s codec", (name, { create, data, refused }) => {
  test("round-trips data, refusing exactly the values that hold a prototype key", () => {
    const codec = create();
    fc.assert(
      fc.property(data, (value) => {
        const outcome = attempt(codec, codec.encode(value));
        if (hasKey(value, refused)) {
          expectRefused(outcome, /forbidden key "__proto_?_?"/);
          return;
        }
        expect(outcome).toHaveProperty("value");
        const decoded = (outcome as { value: unknown }).value;
        expect(plain(decoded)).toEqual(
          name === "json" ? JSON.parse(JSON.stringify(value)) : plain(value),
        );
      }),
      budget,
    );
  });

  test("decodes arbitrary bytes to a value or an invalid_argument RpcError, and keeps working", () => {
    const codec = create();
    const probe = { ok: [1, "two", { three: 3 }] };
    const garbage =
      name === "json"
        ? fc.oneof(
            fc.uint8Array({ maxLength: 64 }),
            fc
              .tuple(fc.json({ maxDepth: 4 }), damage)
              .map(([text, d]) => damaged(utf8.encode(text), d)),
            fc.string({ unit: "binary", maxLength: 32 }).map((s) => utf8.encode(s)),
          )
        : fc.oneof(
            fc.uint8Array({ maxLength: 64 }),
            msgpackishBytes,
            fc.tuple(data, damage).map(([value, d]) => damaged(codec.encode(value), d)),
          );
    fc.assert(
      fc.property(garbage, (bytes) => {
        const outcome = attempt(codec, bytes);
        if ("error" in outcome) {
          expect(outcome.error).toBeInstanceOf(RpcError);
          expect((outcome.error as RpcError).code).toBe(RpcCode.InvalidArgument);
        }
        expect(codec.decode(codec.encode(probe))).toEqual(probe);
      }),
      { ...budget, numRuns: 1_000 },
    );
  });

  test("accepts nesting up to maxDepth and refuses deeper, naming the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 80 }),
        (maxDepth, shape) => {
          const codec = create({ maxDepth });
          const value = nested(shape, 0);
          const outcome = attempt(codec, codec.encode(value));
          if (shape.length <= maxDepth) expect(outcome).toEqual({ value });
          else expectRefused(outcome, new RegExp(`maxDepth = ${maxDepth}\\b`));
        },
      ),
      budget,
    );
  });

  test("refuses a nesting far past any stack without throwing anything but RpcError", () => {
    const depth = 200_000;
    const bytes =
      name === "json"
        ? utf8.encode(`${"[".repeat(depth)}${"]".repeat(depth)}`)
        : new Uint8Array(depth + 1).fill(0x91, 0, depth).fill(0xc0, depth);
    // JSON.parse is iterative, so the depth check names the limit; msgpackr recurses and
    // overflows the stack first, which the codec reports as "nesting too deep".
    expectRefused(attempt(create(), bytes), /maxDepth = 64|nesting too deep/);
  });

  test("keeps constructor, prototype and other inherited names as plain own data", () => {
    const codec = create();
    const benign = trickyKeys.filter((k) => !(refused as readonly string[]).includes(k));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...benign), jsonData), { minLength: 1, maxLength: 4 }),
        (entries) => {
          fc.pre(!entries.some(([, v]) => hasKey(v, refused)));
          const value = ownObject(entries);
          const decoded = codec.decode(codec.encode(value)) as Record<string, unknown>;
          expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
          for (const k of Object.keys(value)) {
            expect(Object.hasOwn(decoded, k)).toBe(true);
          }
          expect(plain(decoded)).toEqual(JSON.parse(JSON.stringify(value)));
        },
      ),
      budget,
    );
  });
});

describe("prototype pollution", () => {
  function expectUnpolluted(): void {
    expect(Object.hasOwn(Object.prototype, "polluted")).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }

  test("json refuses an own __proto__ key wherever it sits", () => {
    const codec = jsonCodec();
    for (const text of [
      '{"__proto__":{"polluted":true}}',
      '[1,{"a":{"__proto__":{"polluted":true}}}]',
      '{"constructor":{"prototype":{"__proto__":{"polluted":true}}}}',
    ]) {
      // JSON.parse makes `__proto__` an own key; stringify writes it back out.
      const bytes = codec.encode(JSON.parse(text));
      expectRefused(attempt(codec, bytes), /forbidden key "__proto__"/);
      expectUnpolluted();
    }
  });

  test("msgpack refuses a __proto__ map key, from a Map or from hand-written bytes", () => {
    const codec = msgpackCodec();
    const fromMap = pack(new Map([["__proto__", { polluted: true }]]));
    // fixmap(1) { fixstr(9) "__proto__": fixmap(1) { fixstr(8) "polluted": true } }
    const byHand = Buffer.from("81a95f5f70726f746f5f5f81a8706f6c6c75746564c3", "hex");
    const inArray = Buffer.from("9201" + "81a95f5f70726f746f5f5f81a8706f6c6c75746564c3", "hex");
    for (const bytes of [fromMap, byHand, inArray]) {
      expectRefused(attempt(codec, bytes), /forbidden key "__proto_"/);
      expectUnpolluted();
    }
  });
});

/** Regressions for bugs this suite found in the msgpack decoder. */
describe("hardening", () => {
  test("msgpack: an integer wider than 64 bits is refused (bigint ext 0x42)", () => {
    const codec = msgpackCodec();
    // fixext16 type 0x42: a 128-bit bigint, which could not be encoded back in a reply.
    expect(() => codec.decode(Buffer.from(`d842${"01".repeat(16)}`, "hex"))).toThrow(
      /wider than 64 bits/,
    );
  });

  test("msgpack: shared references cannot expand a message past its size (ext 0x69/0x70)", () => {
    const codec = msgpackCodec();
    // Each level is an array of two pointers to the level below: 2^n leaves from 19n bytes.
    const levels = 12;
    let hex = `dc${(levels + 1).toString(16).padStart(4, "0")}d66900000000920101`;
    for (let k = 1; k <= levels; k++) {
      const below = (k - 1).toString(16).padStart(8, "0");
      hex += `d669${k.toString(16).padStart(8, "0")}92d670${below}d670${below}`;
    }
    expect(() => codec.decode(Buffer.from(hex, "hex"))).toThrow(RpcError);
  });

  test("msgpack: decoded bytes do not alias the frame they came from", () => {
    const codec = msgpackCodec();
    const frame = codec.encode([2, 1, Uint8Array.of(1, 2, 3)]);
    const [, , payload] = codec.decode(frame) as [number, number, Uint8Array];
    frame.fill(0);
    expect([...payload]).toEqual([1, 2, 3]);
  });
});

describe("msgpack codec of a connection (records sent once per connection)", () => {
  // A small key pool makes shapes repeat, so later frames refer to shapes defined earlier.
  const key = fc.constantFrom("a", "b", "lat", "lon", "seq", "at", "path");
  // -0 is left out: msgpackr writes it as the integer 0 in every mode.
  const leaf = fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true }).filter((d) => !Object.is(d, -0)),
    fc.string(),
    fc.boolean(),
  );
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(key, tie("value"), { maxKeys: 4 }),
    ),
  }));
  const step = fc.record({ value, fate: fc.constantFrom("send", "send", "discard", "fail") });

  test("frames decode in order on the other side across failed encodes and discarded frames", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const sender = msgpackCodec({ connection: true });
        const receiver = msgpackCodec({ connection: true });
        for (const { value: sent, fate } of steps) {
          if (fate === "fail") {
            // Packing fails midway, after the shape of the outer object was registered.
            expect(() => sender.encode({ fresh: sent, tooWide: 2n ** 70n })).toThrow();
            continue;
          }
          const bytes = sender.encode({ sent });
          if (fate === "discard") {
            sender.discard?.();
            continue;
          }
          expect(receiver.decode(bytes)).toEqual({ sent });
        }
      }),
      budget,
    );
  });

  test("repeated shapes make later frames smaller than the first", () => {
    const sender = msgpackCodec({ connection: true });
    const position = (seq: number) => [2, 1, { seq, at: { lat: 52.1, lon: 4.3 } }];
    const first = sender.encode(position(1)).length;
    const second = sender.encode(position(2)).length;
    expect(second).toBeLessThan(first);
    expect(second).toBeLessThan(msgpackCodec().encode(position(2)).length);
  });
});
