import type { AddressInfo } from "node:net";
import {
  createServer,
  type FrameChannel,
  type FrameSink,
  msgpackCodec,
  RpcError,
  type SessionLimits,
} from "@rpcgen/runtime";
import { afterEach, expect, test, vi } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { type ListenWsOptions, listenWs, type WsListener, wsChannel } from "../src/node.js";
import { clientHello, framesOf, message, type RawPeer, rawPeer } from "./fixtures/util.js";

let listener: WsListener | undefined;
let wss: WebSocketServer | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await listener?.close({ graceMs: 100 });
  listener = undefined;
  if (wss !== undefined) {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss!.close(resolve));
    wss = undefined;
  }
});

/**
 * A server whose `sleep` is held open until the server gives up on the peer (the handler's
 * signal reason is `gaveUp`), and whose `echoBytes` says when it answered.
 */
async function serveHeld(
  limits: Partial<SessionLimits>,
  options: ListenWsOptions,
): Promise<{ url: string; gaveUp: Promise<unknown>; onAnswer(fn: () => void): void }> {
  let cutOff!: (reason: unknown) => void;
  const gaveUp = new Promise<unknown>((resolve) => {
    cutOff = resolve;
  });
  let answering: (() => void) | undefined;
  const server = createServer({ limits }).add(TestService, {
    ...testServiceImpl,
    sleep: (_request, ctx) =>
      new Promise<string>((_resolve, reject) => {
        ctx.signal.addEventListener("abort", () => {
          cutOff(ctx.signal.reason);
          reject(ctx.signal.reason);
        });
      }),
    echoBytes: (bytes) => {
      answering?.();
      return bytes;
    },
  });
  listener = await listenWs(server, options);
  return {
    url: listener.url,
    gaveUp,
    onAnswer: (fn) => {
      answering = fn;
    },
  };
}

/**
 * A raw peer past the hello that stops reading (ws's own pause: pausing its socket directly
 * would be undone by ws), holds a call open, then sends 512 KiB requests one at a time, each
 * answered (its reply queued) before the next, until the server gives up on it. 200 replies
 * are 100 MiB: far more than any limit here plus every kernel buffer on the way.
 */
async function floodUnread(held: Awaited<ReturnType<typeof serveHeld>>): Promise<RawPeer> {
  const peer = await rawPeer(held.url);
  peer.socket.send(clientHello);
  await expect.poll(() => peer.messages.length).toBe(1);
  peer.socket.pause();
  // Once it gives up, the server waits 2 s for the close handshake before dropping the socket
  // and what it still buffers; the clock stands still so the peer reads it all back after.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const codec = msgpackCodec();
  peer.socket.send(message(codec.encode([1, 1, "TestService/sleep", null, 0, { ms: 1 }])));
  const payload = new Uint8Array(512 * 1024);
  let id = 2;
  for (; id < 200; id++) {
    const answered = new Promise<"answered">((resolve) => {
      held.onAnswer(() => resolve("answered"));
    });
    peer.socket.send(message(codec.encode([1, id, "TestService/echoBytes", null, 0, payload])));
    if ((await Promise.race([answered, held.gaveUp])) !== "answered") break;
  }
  expect(id, "requests sent before the server gave up").toBeLessThan(200);
  return peer;
}

/** The frames after the server's hello, decoded. */
function framesAfterHello(peer: RawPeer): unknown[][] {
  const codec = msgpackCodec({ connection: true });
  return framesOf(peer.messages)
    .slice(1)
    .map((frame) => codec.decode(frame) as unknown[]);
}

test("a peer that sends requests but never reads replies is cut off at maxBufferedBytes with resource_exhausted", async () => {
  const held = await serveHeld({}, { maxBufferedBytes: 1024 * 1024 });
  const peer = await floodUnread(held);
  const reason = await held.gaveUp;
  // The server's own decision, as on TCP: handlers see resource_exhausted naming the limit.
  expect(reason).toBeInstanceOf(RpcError);
  expect(reason).toMatchObject({ code: "resource_exhausted" });
  expect((reason as RpcError).message).toMatch(
    /^\d+ bytes wait to be sent to ws:127\.0\.0\.1:\d+, which is not reading: more than the limit maxBufferedBytes = 1048576$/,
  );

  // Reading again, the peer finds the replies queued before the cut, then the server's close:
  // never a protocol error.
  peer.socket.resume();
  expect((await peer.closed).code).toBe(1008);
  const frames = framesAfterHello(peer);
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.map((f) => f[0])).toEqual(frames.map(() => 6));
  await expect.poll(() => listener!.connections).toBe(0);
});

test("below maxBufferedBytes the server's maxQueuedBytes cuts the peer off, as on TCP: a goaway and resource_exhausted", async () => {
  const held = await serveHeld({ maxQueuedBytes: 1024 * 1024 }, {});
  const peer = await floodUnread(held);
  const reason = await held.gaveUp;
  expect(reason).toMatchObject({ code: "resource_exhausted" });
  expect((reason as RpcError).message).toMatch(
    /^\d+ bytes queued for a client that is not reading exceed the limit maxQueuedBytes = 1048576$/,
  );

  peer.socket.resume();
  expect((await peer.closed).code).toBe(1000);
  const frames = framesAfterHello(peer);
  // Replies, then the goaway that explains the close.
  expect(frames.at(-1)).toEqual([
    11,
    0,
    { code: "resource_exhausted", message: (reason as RpcError).message },
  ]);
  expect(frames.slice(0, -1).map((f) => f[0])).toEqual(frames.slice(0, -1).map(() => 6));
  await expect.poll(() => listener!.connections).toBe(0);
});

/** A sink that counts frames and records the close. */
function counter(): FrameSink & { frames: number; closes: (RpcError | undefined)[] } {
  const sink = {
    frames: 0,
    closes: [] as (RpcError | undefined)[],
    onFrame: () => {
      sink.frames++;
    },
    onProtocolError: () => {},
    onClose: (error?: RpcError) => sink.closes.push(error),
  };
  return sink;
}

/**
 * A `ws` server whose side of the one connection is a channel made with `netSocket` (or
 * without), and a raw client of it that has stopped reading.
 */
async function pausedPair(
  withNetSocket: boolean,
): Promise<{ channel: FrameChannel; client: WebSocket; received: Buffer[] }> {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  wss = server;
  await new Promise((resolve) => server.once("listening", resolve));
  const accepted = new Promise<FrameChannel>((resolve) =>
    server.once("connection", (socket, request) => {
      const channel = wsChannel(
        socket,
        "test-peer",
        withNetSocket ? { netSocket: request.socket } : {},
      );
      channel.start(counter(), { maxFrameBytes: 1024 * 1024 });
      resolve(channel);
    }),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const received: Buffer[] = [];
  client.on("message", (data: Buffer) => received.push(data));
  await new Promise((resolve) => client.once("open", resolve));
  client.pause();
  return { channel: await accepted, client, received };
}

test("with the connection under it, the channel reports queued bytes and resolves drained() once the peer reads them", async () => {
  const { channel, client, received } = await pausedPair(true);
  expect(channel.queuedBytes).toBe(0);
  await channel.drained!();
  // Sent in one go, most of it stays in user space once the kernel's buffers are full.
  const frameBytes = 60 * 1024;
  let sent = 0;
  while (channel.queuedBytes! < 4 * 1024 * 1024) {
    channel.send(new Uint8Array(frameBytes).fill(sent % 256));
    sent++;
  }
  let drained = false;
  const waiting = channel.drained!().then(() => {
    drained = true;
  });
  // Nothing moves while the peer does not read: the wait is still on after a turn of I/O.
  await new Promise((resolve) => setImmediate(resolve));
  expect(drained).toBe(false);
  expect(channel.queuedBytes).toBeGreaterThan(4 * 1024 * 1024 - frameBytes);

  client.resume();
  await waiting;
  expect(channel.queuedBytes).toBe(0);
  // Every frame arrives, in order.
  await expect.poll(() => framesOf(received).length).toBe(sent);
  expect(framesOf(received).map((f) => f[0])).toEqual(
    Array.from({ length: sent }, (_, i) => i % 256),
  );
});

test("without it the channel reports no queue, so a session never waits on it", async () => {
  const { channel } = await pausedPair(false);
  expect(channel.queuedBytes).toBeUndefined();
  expect(channel.drained).toBeUndefined();
});
