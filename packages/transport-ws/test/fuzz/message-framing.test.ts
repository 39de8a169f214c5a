import { fileURLToPath } from "node:url";
import { createServer, FrameType, msgpackCodec } from "@rpcgen/runtime";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../../runtime/test/fixtures/echo-service.js";
import { msgpackData } from "../../../runtime/test/fuzz/arbitraries.js";
import { checkProperty } from "../../../runtime/test/fuzz/budget.js";
import {
  checkMessage,
  forEachFrame,
  maxMessageBytes,
  messageWriter,
} from "../../src/message-framing.js";
import { listenWs, type WsListener } from "../../src/node.js";
import {
  bystander as bystanderOn,
  clientHello,
  framesOf,
  message,
  rawPeer,
} from "../fixtures/util.js";

// The WebSocket message framing (frames behind 4-byte lengths, packed into binary messages)
// under random input: the pure checks on their own, then whole random conversations with a
// real listener. Inputs are JSON-safe (bytes as number arrays) so failures can be kept.

const maxFrameBytes = 4096;
const regressions = (name: string): string =>
  fileURLToPath(new URL(`./regressions/${name}.json`, import.meta.url));

/** Bytes with a bias toward length prefixes that fit, are off by one, or claim too much. */
const messageBytes: fc.Arbitrary<number[]> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 24 }) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: -2, max: 2 }))
          .map(([length, skew]) => [
            ...prefix(length),
            ...new Array<number>(Math.max(0, length + skew)).fill(7),
          ]),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(maxFrameBytes, maxFrameBytes + 1, 0x7fffffff, 0xffffffff)
          .map(prefix),
      },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.flat());

function prefix(length: number): number[] {
  return [(length >>> 24) & 255, (length >>> 16) & 255, (length >>> 8) & 255, length & 255];
}

test("checkMessage accepts exactly the messages that split into whole frames within the limit", async () => {
  await checkProperty(
    "ws-check-message",
    messageBytes,
    async (input) => {
      const bytes = Uint8Array.from(input);
      const error = checkMessage(bytes, maxFrameBytes);
      // An independent reading of the same rule, frame by frame.
      let offset = 0;
      let valid = bytes.length > 0;
      while (valid && offset < bytes.length) {
        if (bytes.length - offset < 4) valid = false;
        else {
          const length = new DataView(bytes.buffer).getUint32(offset);
          valid = length <= maxFrameBytes && offset + 4 + length <= bytes.length;
          offset += 4 + length;
        }
      }
      if (!valid) {
        expect(error?.code).toMatch(/^(invalid_argument|resource_exhausted)$/);
        return;
      }
      expect(error).toBeUndefined();
      const frames: number[][] = [];
      forEachFrame(bytes, (frame) => {
        frames.push([...frame]);
        return true;
      });
      expect(frames.flatMap((frame) => [...prefix(frame.length), ...frame])).toEqual(input);
    },
    { budget: { numRuns: 1000, timeLimitMs: 2000 }, regressionFile: regressions("check-message") },
  );
});

test("messageWriter packs any frames into messages that split back into the same frames", async () => {
  const frames = fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }) },
      // Frames big enough to fill a batch on their own, as a count so the input stays small.
      { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 70_000 }).map((n) => [-n]) },
    ),
    { maxLength: 12 },
  );
  await checkProperty(
    "ws-message-writer",
    frames,
    async (input) => {
      const expanded = input.map((f) =>
        f.length === 1 && f[0]! < 0 ? new Uint8Array(-f[0]!).fill(1) : Uint8Array.from(f),
      );
      const messages: Uint8Array[] = [];
      const writer = messageWriter((m) => messages.push(m.slice()));
      for (const frame of expanded) writer.write(frame);
      writer.flush();
      const largest = Math.max(0, ...expanded.map((f) => f.length));
      const out: Uint8Array[] = [];
      for (const m of messages) {
        expect(m.length).toBeLessThanOrEqual(maxMessageBytes(Math.max(largest, 1024)));
        expect(checkMessage(m, Math.max(largest, 1024))).toBeUndefined();
        forEachFrame(m, (frame) => {
          out.push(frame.slice());
          return true;
        });
      }
      // Compared as buffers: a deep equality over 70 000-element arrays would dominate the run.
      expect(out.length).toBe(expanded.length);
      for (const [i, frame] of out.entries()) {
        expect(Buffer.from(frame).equals(expanded[i]!)).toBe(true);
      }
    },
    { budget: { numRuns: 200, timeLimitMs: 1500 }, regressionFile: regressions("message-writer") },
  );
});

describe_live();

/** Random conversations with a real listener; a function so its setup reads top-down. */
function describe_live(): void {
  let listener: WsListener;
  const escaped: unknown[] = [];
  const onEscape = (error: unknown): void => {
    escaped.push(error);
  };
  beforeAll(async () => {
    process.on("uncaughtException", onEscape);
    process.on("unhandledRejection", onEscape);
    const server = createServer({
      limits: { maxFrameBytes, keepaliveIntervalMs: 0, handshakeTimeoutMs: 5000 },
      onHandlerError: () => {},
    }).add(TestService, testServiceImpl);
    listener = await listenWs(server, { path: "/rpc", maxPingsPerSecond: 5 });
  });
  afterAll(async () => {
    process.off("uncaughtException", onEscape);
    process.off("unhandledRejection", onEscape);
    await listener.close({ graceMs: 100 });
  });

  /** What a hostile peer does after its hello, as JSON-safe data. */
  type Step =
    | { readonly kind: "bytes"; readonly bytes: number[] }
    | { readonly kind: "frames"; readonly values: unknown[] }
    | { readonly kind: "call"; readonly id: number; readonly x: number }
    | { readonly kind: "text"; readonly text: string }
    | { readonly kind: "ping" };

  const codec = msgpackCodec();
  // msgpack data is not JSON-safe (bigint, bytes, undefined): keep it as its encoding.
  const encodedValue = msgpackData.map((v) => [...codec.encode(v)]);
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 2, arbitrary: messageBytes.map((bytes) => ({ kind: "bytes" as const, bytes })) },
    {
      weight: 3,
      arbitrary: fc
        .array(encodedValue, { minLength: 1, maxLength: 3 })
        .map((values) => ({ kind: "frames" as const, values })),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({ id: fc.integer({ min: 0, max: 20 }), x: fc.integer() })
        .map((c) => ({ kind: "call" as const, ...c })),
    },
    {
      weight: 1,
      arbitrary: fc.string({ maxLength: 10 }).map((text) => ({ kind: "text" as const, text })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "ping" as const }) },
  );

  /** Above any id the steps use, so the final call is always in order. */
  const lastId = 1_000_000;

  /** Whether the server's frames so far include the RESULT of call {@link lastId}. */
  function answered(messages: readonly Buffer[]): boolean {
    const decoder = msgpackCodec({ connection: true });
    return framesOf(messages)
      .slice(1)
      .some((frame) => {
        const decoded = decoder.decode(frame) as unknown[];
        return decoded[0] === FrameType.Result && decoded[1] === lastId;
      });
  }

  test("a listener answers a good call after random messages, or closes with a known code", async () => {
    const other = await bystanderOn(listener.url);
    await checkProperty(
      "ws-conversation",
      fc.array(step, { minLength: 1, maxLength: 8 }),
      async (steps) => {
        const peer = await rawPeer(listener.url);
        peer.socket.send(clientHello);
        for (const s of steps) {
          if (peer.socket.readyState !== peer.socket.OPEN) break;
          if (s.kind === "bytes") peer.socket.send(Uint8Array.from(s.bytes));
          else if (s.kind === "frames") {
            peer.socket.send(message(...(s.values as number[][]).map((v) => Uint8Array.from(v))));
          } else if (s.kind === "call") {
            const call = codec.encode([
              FrameType.Call,
              s.id,
              "TestService/echo",
              null,
              0,
              { x: s.x, y: 1 },
            ]);
            peer.socket.send(message(call));
          } else if (s.kind === "text") peer.socket.send(s.text);
          else peer.socket.ping();
        }
        // Then a good call: the server answers it, or has closed the connection saying how.
        if (peer.socket.readyState === peer.socket.OPEN) {
          const call = codec.encode([
            FrameType.Call,
            lastId,
            "TestService/echo",
            null,
            0,
            { x: 1, y: 2 },
          ]);
          peer.socket.send(message(call));
        }
        const outcome = await Promise.race([
          peer.closed.then(({ code }) => code),
          new Promise<"answered">((resolve) => {
            const check = (): void => {
              if (answered(peer.messages)) resolve("answered");
            };
            check();
            peer.socket.on("message", check);
          }),
        ]);
        if (outcome !== "answered") expect([1000, 1002, 1003, 1008, 1009]).toContain(outcome);
        peer.socket.terminate();
        await peer.closed;
        expect(escaped).toEqual([]);
      },
      { budget: { numRuns: 100, timeLimitMs: 3000 }, regressionFile: regressions("conversation") },
    );
    await other.finish();
    await expect.poll(() => listener.connections).toBe(0);
  });
}
