import {
  frameHeaderBytes,
  LengthPrefixedDecoder,
  LengthPrefixedWriter,
  RpcCode,
  type RpcError,
} from "@rpcgen/runtime";
import fc from "fast-check";
import { describe, expect, test } from "vitest";

// Each property is bounded by a run count and, as a safety net on slow machines, by time.
const budget = { numRuns: 300, interruptAfterTimeLimit: 4_000 };

interface Decoded {
  readonly frames: Uint8Array[];
  readonly errors: RpcError[];
  readonly midFrame: boolean;
}

/** Feeds `chunks` to a fresh decoder and records everything it reports. */
function decode(chunks: readonly Uint8Array[], maxFrameBytes: number): Decoded {
  const frames: Uint8Array[] = [];
  const errors: RpcError[] = [];
  const decoder = new LengthPrefixedDecoder(
    {
      // Frames may be views into the chunk: copy, as a session that keeps them would.
      onFrame: (frame) => frames.push(frame.slice()),
      onProtocolError: (error) => errors.push(error),
    },
    maxFrameBytes,
  );
  for (const chunk of chunks) decoder.push(chunk);
  return { frames, errors, midFrame: decoder.midFrame };
}

/** The same stream parsed in one pass by the simplest possible reading of the format. */
function reference(bytes: Uint8Array, maxFrameBytes: number) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: Uint8Array[] = [];
  let offset = 0;
  while (bytes.length - offset >= frameHeaderBytes) {
    const length = view.getUint32(offset);
    if (length > maxFrameBytes) return { frames, oversized: length, midFrame: false };
    if (bytes.length - offset - frameHeaderBytes < length) return { frames, midFrame: true };
    frames.push(bytes.slice(offset + frameHeaderBytes, offset + frameHeaderBytes + length));
    offset += frameHeaderBytes + length;
  }
  return { frames, midFrame: offset < bytes.length };
}

/** Frames behind their 4-byte big-endian lengths, written without the code under test. */
function byHand(frames: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(frames.reduce((n, f) => n + frameHeaderBytes + f.length, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const frame of frames) {
    view.setUint32(offset, frame.length);
    out.set(frame, offset + frameHeaderBytes);
    offset += frameHeaderBytes + frame.length;
  }
  return out;
}

/** Cuts `bytes` at the given points (taken modulo its length), keeping empty chunks. */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1)));
  points.sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

function writeAll(frames: readonly Uint8Array[]): Uint8Array {
  const writes: Uint8Array[] = [];
  const writer = new LengthPrefixedWriter((bytes) => writes.push(bytes));
  for (const frame of frames) writer.write(frame);
  writer.flush();
  expect(writes.length).toBe(frames.length === 0 ? 0 : 1);
  return writes[0] ?? new Uint8Array(0);
}

const frameList = fc.array(fc.uint8Array({ minLength: 0, maxLength: 2000 }), { maxLength: 16 });
const cuts = fc.array(fc.nat(), { maxLength: 40 });

describe("LengthPrefixedDecoder", () => {
  test("yields exactly the written frames, in order, however the stream is split", () => {
    fc.assert(
      fc.property(frameList, cuts, fc.boolean(), (frames, cutPoints, byteByByte) => {
        const stream = writeAll(frames);
        expect(stream).toEqual(byHand(frames));
        const chunks = byteByByte
          ? Array.from(stream, (_, i) => stream.subarray(i, i + 1))
          : split(stream, cutPoints);
        const out = decode(chunks, 2000);
        expect(out.errors).toEqual([]);
        expect(out.frames).toEqual(frames.map((f) => Uint8Array.from(f)));
        expect(out.midFrame).toBe(false);
      }),
      budget,
    );
  });

  test("on arbitrary bytes never throws and reports what a one-pass reading finds", () => {
    // Small lengths are likelier than in uniform bytes, so streams hold several real frames.
    const header = fc.integer({ min: 0, max: 300 }).map((n) => byHand([new Uint8Array(n)]));
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      header.map((h) => h.subarray(0, 4)),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        cuts,
        fc.integer({ min: 0, max: 4096 }),
        (pieces, cutPoints, maxFrameBytes) => {
          const stream = concat(pieces);
          const expected = reference(stream, maxFrameBytes);
          let out: Decoded | undefined;
          expect(() => {
            out = decode(split(stream, cutPoints), maxFrameBytes);
          }).not.toThrow();
          expect(out!.frames).toEqual(expected.frames);
          if (expected.oversized === undefined) {
            expect(out!.errors).toEqual([]);
            expect(out!.midFrame).toBe(expected.midFrame);
          } else {
            expect(out!.errors).toHaveLength(1);
            expect(out!.errors[0]!.code).toBe(RpcCode.ResourceExhausted);
          }
        },
      ),
      budget,
    );
  });

  test("refuses a length over the limit with resource_exhausted, never allocating the body", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 65_536 }),
        fc.oneof(fc.constant(0x7fffffff), fc.constant(0xffffffff), fc.nat(0xffffffff)),
        fc.integer({ min: 0, max: 4 }),
        fc.uint8Array({ maxLength: 64 }),
        (maxFrameBytes, length, headerSplit, trailing) => {
          fc.pre(length > maxFrameBytes);
          const header = new Uint8Array(4);
          new DataView(header.buffer).setUint32(0, length);
          // A valid frame first, so the decoder is mid-stream when the bad length arrives.
          const good = byHand([new Uint8Array(Math.min(3, maxFrameBytes))]);
          const stream = concat([good, header, trailing]);
          const at = good.length + headerSplit;
          const { result, largest } = watchAllocations(() =>
            decode([stream.subarray(0, at), stream.subarray(at)], maxFrameBytes),
          );
          expect(result.frames).toHaveLength(1);
          expect(result.errors).toHaveLength(1);
          expect(result.errors[0]!.code).toBe(RpcCode.ResourceExhausted);
          expect(result.errors[0]!.message).toContain(`maxFrameBytes = ${maxFrameBytes}`);
          expect(largest).toBeLessThanOrEqual(Math.max(maxFrameBytes, frameHeaderBytes));
        },
      ),
      budget,
    );
  });

  test("ignores everything after a protocol error", () => {
    const result = decode(
      [Uint8Array.of(0x7f, 0xff, 0xff, 0xff), byHand([Uint8Array.of(1, 2, 3)])],
      1024,
    );
    expect(result.errors).toHaveLength(1);
    expect(result.frames).toEqual([]);
  });
});

describe("LengthPrefixedWriter", () => {
  test("coalesces the frames written in one turn into a single write", async () => {
    const writes: Uint8Array[] = [];
    const writer = new LengthPrefixedWriter((bytes) => writes.push(bytes));
    const frames = [Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)];
    for (const frame of frames) writer.write(frame);
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([byHand(frames)]);
  });
});

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Runs `fn` while `new Uint8Array(n)` is watched, returning the largest `n` requested. The
 * decoder allocates a frame body exactly this way, so a refused length must never show up.
 */
function watchAllocations<T>(fn: () => T): { result: T; largest: number } {
  const original = globalThis.Uint8Array;
  let largest = 0;
  globalThis.Uint8Array = new Proxy(original, {
    construct(target, args, newTarget) {
      if (typeof args[0] === "number") largest = Math.max(largest, args[0]);
      return Reflect.construct(
        target,
        args,
        newTarget === globalThis.Uint8Array ? target : newTarget,
      );
    },
  });
  try {
    const result = fn();
    return { result, largest };
  } finally {
    globalThis.Uint8Array = original;
  }
}
