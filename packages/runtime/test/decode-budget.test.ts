import { jsonCodec, msgpackCodec, RpcCode, RpcError } from "@rpcgen/runtime";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { jsonData, msgpackData, plain } from "./fuzz/arbitraries.js";

/** Bytes of padding that push a frame past the size from which it is scanned before decoding. */
const padding = "p".repeat(20 * 1024);

function refusal(decode: () => unknown): RpcError {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return error as RpcError;
  }
  throw new Error("the frame was accepted");
}

describe("decode budget", () => {
  test("a 4 MiB msgpack frame of empty maps is refused before it is decoded", () => {
    const count = 4 * 1024 * 1024 - 16;
    const bytes = new Uint8Array(count + 5).fill(0x80);
    bytes.set([0xdd, count >>> 24, (count >>> 16) & 0xff, (count >>> 8) & 0xff, count & 0xff]);
    const error = refusal(() => msgpackCodec({ connection: true }).decode(bytes));
    expect(error.code).toBe(RpcCode.InvalidArgument);
    expect(error.message).toMatch(/holds more than \d+ arrays and objects \(decode budget/);
  });

  test("a 4 MiB JSON frame of nested brackets is refused at the first level past maxDepth", () => {
    const bytes = new Uint8Array(4 * 1024 * 1024).fill(0x5b);
    const error = refusal(() => jsonCodec().decode(bytes));
    expect(error.message).toBe("message nests deeper than the limit maxDepth = 64");
  });

  test("deep msgpack nesting in a large frame is refused by the scan, with the same message", () => {
    const bytes = new Uint8Array(64 * 1024).fill(0x91);
    const error = refusal(() => msgpackCodec().decode(bytes));
    expect(error.message).toBe("message nests deeper than the limit maxDepth = 64");
  });

  test("brackets inside JSON strings do not count", () => {
    const text = JSON.stringify({ s: `[{\\"${"[".repeat(30_000)}`, t: "]]" });
    expect(jsonCodec().decode(new TextEncoder().encode(text))).toEqual(JSON.parse(text));
  });

  test("large frames of small records pass: many points, shapes defined frames earlier", () => {
    const sender = msgpackCodec({ connection: true });
    const receiver = msgpackCodec({ connection: true });
    const points = (n: number) => Array.from({ length: n }, (_, i) => ({ x: i % 50, y: 1 }));
    // The first frame defines the record shape; the later, large one only refers to it.
    expect(receiver.decode(sender.encode([2, 1, points(1)]))).toEqual([2, 1, points(1)]);
    const large = [2, 1, points(6000)];
    const bytes = sender.encode(large);
    expect(bytes.length).toBeGreaterThan(16 * 1024);
    expect(receiver.decode(bytes)).toEqual(large);
  });

  test("a record defined with a two-byte id is refused once frames are scanned", () => {
    // fixext2 0x72 defines record 0x40 with high byte 1 and keys ["a"], then its one value.
    const small = Uint8Array.from([0x91, 0xd5, 0x72, 0x40, 0x01, 0x91, 0xa1, 0x61, 0x01]);
    const codec = msgpackCodec({ connection: true });
    codec.decode(small);
    const large = new Uint8Array(20 * 1024 + 5).fill(0xc0);
    large.set([0xdd, 0, 0, 0x50, 0x00]);
    expect(refusal(() => codec.decode(large)).message).toMatch(/two-byte msgpack record ids/);
  });

  const budget = { numRuns: 150, interruptAfterTimeLimit: 4_000 };

  test.each([
    ["msgpack per connection", () => msgpackCodec({ connection: true }), msgpackData],
    ["msgpack", () => msgpackCodec(), msgpackData],
    ["json", () => jsonCodec(), jsonData],
  ] as const)("%s: a large frame decodes as it would unscanned", (_, create, data) => {
    const sender = create();
    const receiver = create();
    fc.assert(
      fc.property(fc.array(data, { maxLength: 4 }), (values) => {
        for (const value of values) {
          const frame = [2, 1, value, padding];
          let decoded: unknown;
          try {
            decoded = receiver.decode(sender.encode(frame));
          } catch (error) {
            // Only what the walk after decoding refuses anyway (keys, non-plain values, depth).
            expect(error).toBeInstanceOf(RpcError);
            expect((error as RpcError).message).not.toMatch(/decode budget|malformed msgpack/);
            continue;
          }
          expect(plain(decoded)).toEqual(plain(frame));
        }
      }),
      budget,
    );
  });
});
