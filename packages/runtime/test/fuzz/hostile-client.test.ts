import {
  type CodecName,
  createClient,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  defineService,
  type FrameChannel,
  type FrameSink,
  FrameType,
  isRpcCode,
  method,
  RpcCode,
  type SessionLimits,
} from "@rpcgen/runtime";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../fixtures/echo-service.js";
import { jsonData } from "./arbitraries.js";
import { FrameEncoder, script } from "./frame-arbitraries.js";
import { clientHello, peek, serverFrameTypes, settle, WirePeer } from "./wire-peer.js";

// Small limits so that random input reaches them: refusals, credit overruns, oversized frames.
const limits: Partial<SessionLimits> = {
  maxFrameBytes: 16 * 1024,
  maxConcurrentCalls: 4,
  streamWindow: 8,
  keepaliveIntervalMs: 0,
};
const server = createServer({ limits, onHandlerError: () => {} }).add(TestService, testServiceImpl);

/** A well-behaved client on its own connection to the same server, used throughout. */
function connectClient() {
  const [mine, theirs] = createMemoryChannelPair();
  server.serve(theirs);
  const session = createClientSession(mine, { limits: { keepaliveIntervalMs: 0 } });
  return { session, client: createClient(TestService, session) };
}
const bystander = connectClient();

// Anything that escapes the server as an exception or an unhandled rejection lands here. Each
// run checks its own; whatever surfaces only after its run ended moves to `late`, checked last.
const escaped: unknown[] = [];
const late: unknown[] = [];
function startRun(): void {
  late.push(...escaped.splice(0));
}
const onEscape = (error: unknown): void => {
  escaped.push(error);
};
beforeAll(() => {
  process.on("uncaughtException", onEscape);
  process.on("unhandledRejection", onEscape);
});
afterAll(async () => {
  process.off("uncaughtException", onEscape);
  process.off("unhandledRejection", onEscape);
  await bystander.session.close();
});

async function expectServesCorrectly(client: ReturnType<typeof connectClient>["client"]) {
  expect(await client.echo({ x: 3, y: 4 })).toEqual({ x: 3, y: 4 });
  const counted: number[] = [];
  for await (const i of client.count({ n: 40 })) counted.push(i);
  expect(counted).toEqual(Array.from({ length: 40 }, (_, i) => i));
  async function* points() {
    for (let i = 0; i < 30; i++) yield { x: i, y: 1 };
  }
  expect(await client.sum(points())).toBe(435 + 30);
  async function* words() {
    yield "a";
    yield "b";
  }
  const pongs: string[] = [];
  for await (const w of client.pingPong(words())) pongs.push(w);
  expect(pongs).toEqual(["pong:a", "pong:b"]);
}

function isFatalGoAway(frame: unknown[] | undefined): boolean {
  return frame?.[0] === FrameType.GoAway && frame[2] !== null && frame[2] !== undefined;
}

describe("a server driven by a hostile client", () => {
  test("never throws, closes with a goaway or keeps answering, and keeps serving others", async () => {
    const window = 4;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom<CodecName>("msgpack", "json")
          .chain((codec) => fc.tuple(fc.constant(codec), script(codec, limits.maxFrameBytes!))),
        async ([codec, steps]) => {
          runs++;
          startRun();
          const [mine, theirs] = createMemoryChannelPair();
          server.serve(theirs);
          const peer = new WirePeer(mine, codec);
          const encoder = new FrameEncoder(codec);
          peer.send(clientHello(codec, window));
          let sentFatal = false;
          for (const step of steps) {
            if (step.yieldFirst) await settle();
            const bytes = encoder.encode(step.frame);
            if (bytes.length <= limits.maxFrameBytes!)
              sentFatal ||= isFatalGoAway(peek(codec, bytes));
            peer.send(bytes);
          }
          // A ping is answered in any state, so an open connection must answer this one.
          const nonce = `probe-${runs}`;
          peer.send(peer.encode([FrameType.Ping, 0, nonce]));
          const ponged = () =>
            peer.frames.some((f) => Array.isArray(f) && f[0] === FrameType.Pong && f[2] === nonce);
          await peer.until(() => peer.closed || ponged(), "pong and no close");

          expect(escaped).toEqual([]);
          expect(peer.hello).toMatchObject({ protocol: "rpcgen", codec });
          const frames = peer.frames;
          for (const frame of frames) {
            expect(Array.isArray(frame) && serverFrameTypes.has(frame[0])).toBe(true);
          }
          if (peer.closed && !sentFatal) {
            // The server closed on its own: it must have said why, with a protocol code.
            const goAway = frames.find((f) => isFatalGoAway(f as unknown[])) as unknown[];
            expect(goAway).toBeDefined();
            expect(isRpcCode((goAway[2] as { code: unknown }).code)).toBe(true);
          }
          expectCallDiscipline(frames, encoder, window);

          peer.close();
          await settle();
          expect(server.connections).toBe(1);
          expect(await bystander.client.echo({ x: runs, y: 0 })).toEqual({ x: runs, y: 0 });
        },
      ),
      { numRuns: 300, interruptAfterTimeLimit: 5_000 },
    );
    expect(runs).toBeGreaterThan(0);
    await expectServesCorrectly(bystander.client);
    const fresh = connectClient();
    await expectServesCorrectly(fresh.client);
    await fresh.session.close();
    startRun();
    expect(late).toEqual([]);
  });

  test("answers any hello with a server hello, or an error hello and a close", async () => {
    const hello = fc.oneof(
      fc.record(
        {
          protocol: fc.oneof(fc.constant("rpcgen"), fc.string()),
          version: fc.oneof(fc.constant(1), fc.integer({ min: -1, max: 3 }), fc.string()),
          codecs: fc.oneof(
            fc.array(fc.constantFrom("msgpack", "json", "cbor", "", "__proto__"), { maxLength: 3 }),
            jsonData,
          ),
          maxFrameBytes: fc.oneof(fc.integer({ min: -1, max: 1 << 22 }), jsonData),
          streamWindow: fc.oneof(fc.integer({ min: -1, max: 512 }), jsonData),
        },
        { requiredKeys: [] },
      ),
      jsonData,
    );
    const bytes = fc.oneof(
      { weight: 4, arbitrary: hello.map((h) => new TextEncoder().encode(JSON.stringify(h))) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    );
    await fc.assert(
      fc.asyncProperty(bytes, async (helloBytes) => {
        startRun();
        const [mine, theirs] = createMemoryChannelPair();
        server.serve(theirs);
        const peer = new WirePeer(mine, "msgpack");
        peer.send(helloBytes);
        await peer.until(() => peer.received.length > 0, "hello reply");
        const reply = peer.hello as Record<string, unknown>;
        expect(reply).toMatchObject({ protocol: "rpcgen", version: 1 });
        if (reply.error !== undefined) {
          expect(isRpcCode((reply.error as { code: unknown }).code)).toBe(true);
          await peer.until(() => peer.closed, "close after an error hello");
        } else {
          const offered = (JSON.parse(new TextDecoder().decode(helloBytes)) as { codecs: string[] })
            .codecs;
          expect(reply.codec).toBe(offered.find((c) => c === "msgpack" || c === "json"));
          peer.send(peer.encode([FrameType.Ping, 0, "alive"]));
          await peer.until(() => peer.frames.length > 0 || peer.closed, "pong");
          expect(peer.frames).toEqual([[FrameType.Pong, 0, "alive"]]);
          expect(peer.closed).toBe(false);
        }
        expect(escaped).toEqual([]);
        peer.close();
        await settle();
        expect(server.connections).toBe(1);
      }),
      { numRuns: 300, interruptAfterTimeLimit: 3_000 },
    );
    startRun();
    expect(late).toEqual([]);
  });
});

/**
 * Per call: frames only for ids the client opened, at most one end (RESULT or STATUS) and
 * nothing after it, and never more stream messages than the credit the client gave.
 */
function expectCallDiscipline(frames: unknown[], sent: FrameEncoder, window: number): void {
  const opened = sent.opened.map((c) => c.id);
  const ended = new Set<unknown>();
  const messages = new Map<unknown, number>();
  for (const frame of frames as unknown[][]) {
    const [type, id] = frame;
    if (type === FrameType.Ping || type === FrameType.Pong || type === FrameType.GoAway) continue;
    expect(opened).toContain(id);
    expect(ended.has(id)).toBe(false);
    if (type === FrameType.Result || type === FrameType.Status) ended.add(id);
    if (type === FrameType.Message) messages.set(id, (messages.get(id) ?? 0) + 1);
  }
  for (const [id, count] of messages) {
    const granted = sent.credit.has(id) ? sent.credit.get(id) : 0;
    // Bogus counts lift the limit today (a known bug, below), so such calls are not checked.
    if (granted !== undefined) expect(count).toBeLessThanOrEqual(window + granted);
  }
}

describe("flow control against a hostile client", () => {
  test("a server never sends a stream past the credit a client gave", async () => {
    const codec = "msgpack";
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { maxLength: 10 }),
        async (window, grants) => {
          const [mine, theirs] = createMemoryChannelPair();
          server.serve(theirs);
          const peer = new WirePeer(mine, codec);
          peer.send(clientHello(codec, window));
          peer.send(peer.encode([FrameType.Call, 1, "TestService/count", null, 0, { n: 60 }]));
          let given = window;
          for (const [n, wait] of grants) {
            if (wait) await settle();
            given += n;
            peer.send(peer.encode([FrameType.Credit, 1, n]));
          }
          await settle();
          await settle();
          const messages = peer.frames.filter((f) => (f as unknown[])[0] === FrameType.Message);
          expect(messages.length).toBe(Math.min(given, 60));
          peer.close();
          await settle();
        },
      ),
      { numRuns: 200, interruptAfterTimeLimit: 3_000 },
    );
  });

  test("a client offering a huge window gets no more unread messages than the server's window", async () => {
    const serverWindow = 8;
    const Flood = defineService("Flood", {
      flood: method<number, number>()("flood", "server_stream"),
    });
    const flooder = createServer({
      limits: { streamWindow: serverWindow, keepaliveIntervalMs: 0 },
    }).add(Flood, {
      *flood(n) {
        for (let i = 0; i < n; i++) yield i;
      },
    });
    const [mine, theirs] = createMemoryChannelPair();
    flooder.serve(theirs);
    const peer = new WirePeer(mine, "msgpack");
    peer.send(clientHello("msgpack", 2 ** 31 - 1));
    peer.send(peer.encode([FrameType.Call, 1, "Flood/flood", null, 0, 1000]));
    // Never grants credit: the server must stop at its own window, not the offered one.
    const items = () =>
      peer.frames
        .filter((f) => (f as unknown[])[0] === FrameType.Message)
        .reduce<number>((n, f) => n + Math.max(1, (f as unknown[]).length - 2), 0);
    await peer.until(() => items() >= serverWindow, "a window of messages");
    peer.send(peer.encode([FrameType.Ping, 0, "after"]));
    await peer.until(() => peer.frames.some((f) => (f as unknown[])[0] === FrameType.Pong), "pong");
    expect(items()).toBe(serverWindow);
    peer.close();
    await settle();
  });

  test("a client stream past the server's window fails that call with resource_exhausted", async () => {
    // A handler that never reads its stream, so every message stays buffered.
    const Hold = defineService("Hold", { hold: method<number, number>()("hold", "client_stream") });
    const holdWindow = 6;
    const holder = createServer({
      limits: { streamWindow: holdWindow, keepaliveIntervalMs: 0 },
    }).add(Hold, {
      hold: (_requests, ctx) =>
        new Promise<number>((_, reject) =>
          ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)),
        ),
    });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 * holdWindow }), async (sent) => {
        const [mine, theirs] = createMemoryChannelPair();
        holder.serve(theirs);
        const peer = new WirePeer(mine, "msgpack");
        // The client's own window is larger: the smaller one, the server's, is the limit.
        peer.send(clientHello("msgpack", 64));
        peer.send(peer.encode([FrameType.Call, 1, "Hold/hold", null, 0]));
        for (let i = 0; i < sent; i++) peer.send(peer.encode([FrameType.Message, 1, i]));
        peer.send(peer.encode([FrameType.Ping, 0, "after"]));
        await peer.until(
          () => peer.frames.some((f) => (f as unknown[])[0] === FrameType.Pong),
          "pong",
        );
        const status = peer.frames.find((f) => (f as unknown[])[0] === FrameType.Status) as
          | unknown[]
          | undefined;
        if (sent <= holdWindow) expect(status).toBeUndefined();
        else {
          expect(status).toEqual([
            FrameType.Status,
            1,
            {
              code: RpcCode.ResourceExhausted,
              message: `client sent past its credit: limit streamWindow = ${holdWindow}`,
            },
            null,
            null,
          ]);
        }
        // Only the call fails; the connection stays up.
        expect(peer.closed).toBe(false);
        peer.close();
        await settle();
      }),
      { numRuns: 100, interruptAfterTimeLimit: 2_000 },
    );
  });
});

/** Regressions for bugs this suite found (see codecs.test.ts for the codec ones). */
describe("hardening", () => {
  test("a CREDIT with a negative, fractional or NaN count does not lift flow control", async () => {
    for (const bogus of [-100, 0.5, Number.NaN]) {
      const [mine, theirs] = createMemoryChannelPair();
      server.serve(theirs);
      const peer = new WirePeer(mine, "msgpack");
      peer.send(clientHello("msgpack", 4));
      peer.send(peer.encode([FrameType.Call, 1, "TestService/count", null, 0, { n: 60 }]));
      peer.send(peer.encode([FrameType.Credit, 1, bogus]));
      await settle();
      await settle();
      const messages = peer.frames.filter((f) => (f as unknown[])[0] === FrameType.Message);
      peer.close();
      await settle();
      expect(messages.length).toBeLessThanOrEqual(4);
    }
  });

  test("a PING carrying a bigint wider than 64 bits does not throw out of the server", () => {
    // Delivered synchronously through a hand-made channel, so the throw lands in this test
    // rather than crashing the worker as it would over a real socket.
    let sink: FrameSink | undefined;
    const channel: FrameChannel = {
      peer: "direct",
      start: (s) => {
        sink = s;
      },
      send: () => {},
      close: () => {},
    };
    server.serve(channel);
    sink!.onFrame(clientHello("msgpack", 4));
    // [9, 0, fixext16 type 0x42 (a 128-bit bigint)]
    const ping = Uint8Array.from(Buffer.from(`930900d842${"01".repeat(16)}`, "hex"));
    try {
      expect(() => sink!.onFrame(ping)).not.toThrow();
    } finally {
      sink!.onClose();
    }
  });
});
