import {
  type CodecName,
  createClient,
  createClientSession,
  createMemoryChannelPair,
  FrameType,
  isRpcCode,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TestService } from "../fixtures/echo-service.js";
import { jsonData, msgpackData, msgpackishBytes } from "./arbitraries.js";
import { serverHello, settle, WirePeer, within } from "./wire-peer.js";

const escaped: unknown[] = [];
const late: unknown[] = [];
const onEscape = (error: unknown): void => {
  escaped.push(error);
};
beforeAll(() => {
  process.on("uncaughtException", onEscape);
  process.on("unhandledRejection", onEscape);
});
afterAll(() => {
  process.off("uncaughtException", onEscape);
  process.off("unhandledRejection", onEscape);
});

/** A frame a server could send, as an array to encode, or raw bytes. */
type ServerFrame = { readonly array: unknown[] } | { readonly bytes: Uint8Array };

/** The calls below open in this order: echo, count, sum, pingPong get ids 1 to 4. */
const callIds = [1, 2, 3, 4];

/**
 * Frames that fit the calls they name (results for single-response calls, messages for
 * streams out, credit for streams in), so that runs get past the first frame and calls end
 * in every way: values, statuses, errors, and drops.
 */
function fittingServerFrames(): fc.Arbitrary<ServerFrame> {
  const array = (...items: fc.Arbitrary<unknown>[]) =>
    fc.tuple(...items).map((values) => ({ array: values }));
  const point = fc.record({ x: fc.integer(), y: fc.integer() });
  return fc.oneof(
    array(fc.constant(FrameType.Message), fc.constant(2), fc.nat(9)),
    array(fc.constant(FrameType.Message), fc.constant(4), fc.string({ maxLength: 4 })),
    array(
      fc.constant(FrameType.Result),
      fc.constant(1),
      point,
      fc.constant(null),
      fc.constant(null),
    ),
    array(
      fc.constant(FrameType.Result),
      fc.constant(3),
      fc.nat(),
      fc.constant({ h: "1" }),
      fc.constant(null),
    ),
    array(
      fc.constant(FrameType.Status),
      fc.constantFrom(...callIds),
      fc.oneof(
        fc.constant(null),
        fc.record({ code: fc.constantFrom(...Object.values(RpcCode)), message: fc.string() }),
      ),
      fc.constant(null),
    ),
    array(fc.constant(FrameType.Credit), fc.constantFrom(3, 4), fc.nat(4)),
    array(fc.constant(FrameType.Headers), fc.constantFrom(...callIds), fc.constant({ a: "b" })),
  );
}

function serverFrames(codec: CodecName): fc.Arbitrary<ServerFrame> {
  const data = codec === "json" ? jsonData : msgpackData;
  const id = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...callIds) },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -1, max: 9 }), fc.constantFrom(0.5, "1")) },
  );
  const error = fc.oneof(
    fc.record(
      {
        code: fc.oneof(fc.constantFrom(...Object.values(RpcCode)), fc.string()),
        message: fc.oneof(fc.string(), data),
        details: data,
      },
      { requiredKeys: ["code"] },
    ),
    data,
  );
  const metadata = fc.oneof(fc.constant(null), fc.dictionary(fc.string(), fc.string()), data);
  const array = (...items: fc.Arbitrary<unknown>[]) =>
    fc.tuple(...items).map((values) => ({ array: values }));
  return fc.oneof(
    { weight: 5, arbitrary: array(fc.constant(FrameType.Message), id, data) },
    { weight: 2, arbitrary: array(fc.constant(FrameType.Headers), id, metadata) },
    {
      weight: 3,
      arbitrary: array(fc.constant(FrameType.Result), id, data, metadata, metadata),
    },
    {
      weight: 3,
      arbitrary: array(
        fc.constant(FrameType.Status),
        id,
        fc.oneof(fc.constant(null), error),
        metadata,
      ),
    },
    {
      weight: 3,
      arbitrary: array(
        fc.constant(FrameType.Credit),
        id,
        fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom(-1, "2", null)),
      ),
    },
    { weight: 1, arbitrary: array(fc.constant(FrameType.Ping), fc.constant(0), data) },
    { weight: 1, arbitrary: array(fc.constant(FrameType.Pong), fc.constant(0), data) },
    {
      weight: 1,
      arbitrary: array(fc.constant(FrameType.GoAway), id, fc.oneof(fc.constant(null), error)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: -2, max: 20 }), id, fc.array(data, { maxLength: 3 }))
        .map(([type, callId, rest]) => ({ array: [type, callId, ...rest] })),
    },
    {
      weight: 1,
      arbitrary: (codec === "msgpack"
        ? fc.oneof(fc.uint8Array({ maxLength: 32 }), msgpackishBytes)
        : fc.uint8Array({ maxLength: 32 })
      ).map((bytes) => ({ bytes })),
    },
  );
}

/** What became of a call: a value, the items of a stream and how it ended, or an error. */
type Outcome = { readonly value: unknown } | { readonly error: unknown };

async function outcomeOf(work: Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await work };
  } catch (error) {
    return { error };
  }
}

async function drain(stream: AsyncIterable<unknown>, stopAfter: number): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of stream) {
    items.push(item);
    if (items.length >= stopAfter) break;
  }
  return items;
}

describe("a client session driven by a hostile server", () => {
  test("never throws, and every call settles with a value or an RpcError", async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<CodecName>("msgpack", "json").chain((codec) =>
          fc.tuple(
            fc.constant(codec),
            fc.array(
              fc.record({
                frame: fc.oneof(
                  { weight: 3, arbitrary: fittingServerFrames() },
                  { weight: 1, arbitrary: serverFrames(codec) },
                ),
                yieldFirst: fc.boolean(),
              }),
              { maxLength: 30, size: "medium" },
            ),
            fc.integer({ min: 1, max: 8 }),
            fc.boolean(),
          ),
        ),
        async ([codec, steps, stopAfter, closeFirst]) => {
          runs++;
          late.push(...escaped.splice(0));
          const [mine, theirs] = createMemoryChannelPair();
          const server = new WirePeer(theirs, codec);
          const session = createClientSession(mine, {
            codec,
            limits: { keepaliveIntervalMs: 0, streamWindow: 4 },
          });
          const client = createClient(TestService, session);
          await server.until(() => server.received.length > 0, "client hello");
          server.send(serverHello(codec, 2));
          await session.ready;

          async function* points() {
            for (let i = 0; i < 3; i++) yield { x: i, y: i };
          }
          async function* words() {
            yield "a";
            yield "b";
          }
          const outcomes = Promise.all([
            outcomeOf(client.echo({ x: 1, y: 2 })),
            outcomeOf(drain(client.count({ n: 3 }), stopAfter)),
            outcomeOf(client.sum(points())),
            outcomeOf(drain(client.pingPong(words()), stopAfter)),
          ]);
          for (const step of steps) {
            if (step.yieldFirst) await settle();
            const frame = step.frame;
            server.send("bytes" in frame ? frame.bytes : server.encode(frame.array));
          }
          if (closeFirst) await settle();
          server.close();

          for (const outcome of await within(outcomes, "settling of every call")) {
            if ("error" in outcome) {
              expect(outcome.error).toBeInstanceOf(RpcError);
              expect(isRpcCode((outcome.error as RpcError).code)).toBe(true);
            }
          }
          expect(session.state).toBe("closed");
          expect(session.activeCalls).toBe(0);
          await settle();
          expect(escaped).toEqual([]);
        },
      ),
      { numRuns: 300, interruptAfterTimeLimit: 4_000 },
    );
    expect(runs).toBeGreaterThan(0);
    late.push(...escaped.splice(0));
    expect(late).toEqual([]);
  });
});

describe("hardening", () => {
  test("a client fails a stream whose server sends past the client's window", async () => {
    const [mine, theirs] = createMemoryChannelPair();
    const server = new WirePeer(theirs, "msgpack");
    const window = 4;
    const session = createClientSession(mine, {
      limits: { keepaliveIntervalMs: 0, streamWindow: window },
    });
    const client = createClient(TestService, session);
    await server.until(() => server.received.length > 0, "client hello");
    server.send(serverHello("msgpack", 4));
    await session.ready;
    // The call opens at once; nobody reads yet, so nothing is granted beyond the window.
    const stream = client.count({ n: 100 });
    await settle();
    for (let i = 0; i < window + 5; i++) server.send(server.encode([FrameType.Message, 1, i]));
    server.send(server.encode([FrameType.Status, 1, null, null]));
    await settle();
    const outcome = await outcomeOf(drain(stream, 100));
    await session.close();
    expect(outcome).toMatchObject({ error: { code: RpcCode.ResourceExhausted } });
  });
});
