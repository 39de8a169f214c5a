import {
  type CodecName,
  createClient,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  FrameType,
  protocolVersion,
  RpcCode,
} from "@rpcgen/runtime";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { TestService, testServiceImpl } from "./fixtures/echo-service.js";
import { WirePeer } from "./fuzz/wire-peer.js";

const codec: CodecName = "msgpack";
const utf8 = new TextEncoder();
const server = createServer({ limits: { keepaliveIntervalMs: 0 } }).add(
  TestService,
  testServiceImpl,
);

function hello(fields: Record<string, unknown>): Uint8Array {
  return utf8.encode(
    JSON.stringify({
      protocol: "rpcgen",
      version: protocolVersion,
      maxFrameBytes: 1 << 20,
      streamWindow: 16,
      ...fields,
    }),
  );
}

/** A hand-driven client on a fresh connection to `server`, its hello sent. */
function rawClient(features?: unknown): WirePeer {
  const [mine, theirs] = createMemoryChannelPair();
  server.serve(theirs);
  const peer = new WirePeer(mine, codec);
  peer.send(hello({ codecs: [codec], ...(features === undefined ? {} : { features }) }));
  return peer;
}

function call(peer: WirePeer, id: number, method: unknown, payload: unknown = { x: id, y: 0 }) {
  peer.send(peer.encode([FrameType.Call, id, method, null, 0, payload]));
}

/** The frame that ended call `id`, once it came. */
async function outcome(peer: WirePeer, id: number): Promise<unknown[]> {
  const find = () =>
    peer.frames.find((f) => {
      const frame = f as unknown[];
      return frame[1] === id && (frame[0] === FrameType.Result || frame[0] === FrameType.Status);
    }) as unknown[] | undefined;
  await peer.until(() => find() !== undefined, `the end of call ${id}`);
  return find()!;
}

/** The GOAWAY that closed the connection for a protocol error, once it came. */
async function goaway(peer: WirePeer): Promise<{ code: string; message: string }> {
  const find = () => peer.frames.find((f) => (f as unknown[])[0] === FrameType.GoAway);
  await peer.until(() => find() !== undefined && peer.closed, "a goaway and the close");
  return (find() as unknown[])[2] as { code: string; message: string };
}

describe("method ids: the server", () => {
  test("agrees in its hello, then runs calls by definition and by id", async () => {
    const peer = rawClient(["method-ids", "something-newer"]);
    call(peer, 1, ["TestService/echo", 0], { x: 1, y: 2 });
    call(peer, 2, 0, { x: 3, y: 4 });
    call(peer, 3, "TestService/echo", { x: 5, y: 6 });
    expect(await outcome(peer, 1)).toEqual([FrameType.Result, 1, { x: 1, y: 2 }, null, null]);
    expect(await outcome(peer, 2)).toEqual([FrameType.Result, 2, { x: 3, y: 4 }, null, null]);
    expect(await outcome(peer, 3)).toEqual([FrameType.Result, 3, { x: 5, y: 6 }, null, null]);
    expect(peer.hello).toMatchObject({ features: ["method-ids"] });
    peer.close();
  });

  test("a definition for an unknown method still takes its id; calls by it are refused", async () => {
    const peer = rawClient(["method-ids"]);
    call(peer, 1, ["TestService/nope", 0]);
    call(peer, 2, ["TestService/echo", 1]);
    call(peer, 3, 0);
    call(peer, 4, 1);
    const refused = { code: RpcCode.Unimplemented, message: "unknown method TestService/nope" };
    expect(await outcome(peer, 1)).toEqual([FrameType.Status, 1, refused, null]);
    expect(await outcome(peer, 3)).toEqual([FrameType.Status, 3, refused, null]);
    expect((await outcome(peer, 4))[0]).toBe(FrameType.Result);
    peer.close();
  });

  test.each([
    ["an id never defined", [3], "call 1 names method id 3, which the client never defined"],
    ["a fractional id", [0.5], "call 1 names method id 0.5, which the client never defined"],
    [
      "a definition out of order",
      [["TestService/echo", 1]],
      "malformed method in call 1: expected a path, a method id or [path of at most 256 characters, 0]",
    ],
    [
      "a path over 256 characters",
      [[`TestService/${"e".repeat(250)}`, 0]],
      "malformed method in call 1: expected a path, a method id or [path of at most 256 characters, 0]",
    ],
  ])("%s is a protocol error", async (_, [method], message) => {
    const peer = rawClient(["method-ids"]);
    call(peer, 1, method);
    expect(await goaway(peer)).toEqual({
      code: RpcCode.InvalidArgument,
      message: `protocol error in frame: ${message}`,
    });
  });

  test("ids stop at 256: the 257th definition is a protocol error", async () => {
    const peer = rawClient(["method-ids"]);
    for (let id = 0; id < 256; id++) call(peer, id + 1, [`TestService/m${id}`, id]);
    await outcome(peer, 256);
    expect(peer.closed).toBe(false);
    call(peer, 257, ["TestService/echo", 256]);
    expect(await goaway(peer)).toEqual({
      code: RpcCode.InvalidArgument,
      message: "protocol error in frame: call 257 defines more method ids than the limit of 256",
    });
  });

  test("any method value is answered or closes the connection with a protocol error", async () => {
    const method = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.integer({ min: -2, max: 300 }),
      fc.double(),
      fc.tuple(fc.string({ maxLength: 300 }), fc.integer({ min: -1, max: 3 })),
      fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
      fc.constantFrom(null, true, ["TestService/echo", 0], 0),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(method, { minLength: 1, maxLength: 6 }), async (methods) => {
        const peer = rawClient(["method-ids"]);
        for (const [i, m] of methods.entries()) call(peer, i + 1, m);
        const last = methods.length;
        const answered = () =>
          peer.frames.some(
            (f) => (f as unknown[])[1] === last && (f as unknown[])[0] !== FrameType.GoAway,
          );
        await peer.until(() => answered() || peer.closed, "an answer or the close");
        if (peer.closed) {
          const away = peer.frames.find((f) => (f as unknown[])[0] === FrameType.GoAway);
          expect((away as unknown[])[2]).toMatchObject({ code: RpcCode.InvalidArgument });
        }
        peer.close();
      }),
      { numRuns: 100, interruptAfterTimeLimit: 4_000 },
    );
  });

  test("a client that did not offer method ids gets none, and may not use them", async () => {
    const peer = rawClient();
    call(peer, 1, "TestService/echo");
    await outcome(peer, 1);
    expect(peer.hello).toMatchObject({ features: [] });
    call(peer, 2, 0);
    expect((await goaway(peer)).message).toBe(
      "protocol error in frame: malformed call frame or reused call id 2",
    );
  });
});

describe("method ids: the client", () => {
  /** A client session whose server is driven by hand, answering its hello with `features`. */
  async function againstPeer(features: unknown) {
    const [mine, theirs] = createMemoryChannelPair();
    const peer = new WirePeer(theirs, codec);
    const session = createClientSession(mine, { limits: { keepaliveIntervalMs: 0 } });
    await peer.until(() => peer.hello !== undefined, "the client hello");
    peer.send(hello({ codec, ...(features === undefined ? {} : { features }) }));
    await session.ready;
    const client = createClient(TestService, session);
    const calls = () => peer.frames.filter((f) => (f as unknown[])[0] === FrameType.Call);
    /** Makes a call and answers it, returning the method element of its CALL. */
    const methodOf = async (make: () => Promise<unknown>): Promise<unknown> => {
      const before = calls().length;
      const result = make();
      await peer.until(() => calls().length > before, "a call");
      const frame = calls()[before] as unknown[];
      peer.send(peer.encode([FrameType.Result, frame[1], frame[5], null, null]));
      await result;
      return frame[2];
    };
    return { peer, session, client, methodOf };
  }

  test("offers method ids, defines each path on first use and sends its id after", async () => {
    const { peer, session, client, methodOf } = await againstPeer(["method-ids"]);
    expect(peer.hello).toMatchObject({ features: ["method-ids"] });
    expect(await methodOf(() => client.echo({ x: 1, y: 1 }))).toEqual(["TestService/echo", 0]);
    expect(await methodOf(() => client.echo({ x: 2, y: 2 }))).toBe(0);
    const bytes = new Uint8Array([1, 2]);
    expect(await methodOf(() => client.echoBytes(bytes))).toEqual(["TestService/echoBytes", 1]);
    expect(await methodOf(() => client.echo({ x: 3, y: 3 }))).toBe(0);
    expect(await methodOf(() => client.echoBytes(bytes))).toBe(1);
    await session.close();
  });

  test("a call that could not be sent defines nothing", async () => {
    const { session, client, methodOf } = await againstPeer(["method-ids"]);
    // Over the server's maxFrameBytes (1 MiB): refused before it is sent.
    const big = new Uint8Array(2 << 20);
    await expect(client.echoBytes(big)).rejects.toMatchObject({
      code: RpcCode.ResourceExhausted,
    });
    const bytes = new Uint8Array([1]);
    expect(await methodOf(() => client.echoBytes(bytes))).toEqual(["TestService/echoBytes", 0]);
    await session.close();
  });

  test.each([
    ["no features", undefined],
    ["features that are not a list", "method-ids"],
    ["other features only", ["something-newer"]],
  ])("against a server hello with %s, the client sends paths", async (_, features) => {
    const { session, client, methodOf } = await againstPeer(features);
    expect(await methodOf(() => client.echo({ x: 1, y: 1 }))).toBe("TestService/echo");
    expect(await methodOf(() => client.echo({ x: 2, y: 2 }))).toBe("TestService/echo");
    await session.close();
  });
});
