import type { AddressInfo } from "node:net";
import type { FrameChannel, FrameSink, RpcError } from "@rpcgen/runtime";
import { afterEach, beforeEach, expect, test } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { maxMessageBytes, wsChannel } from "../src/index.js";
import { framesOf, message } from "./fixtures/util.js";

/** A sink that records everything a channel reports. */
function recorder(): FrameSink & {
  frames: string[];
  protocolErrors: RpcError[];
  closes: (RpcError | undefined)[];
} {
  const sink = {
    frames: [] as string[],
    protocolErrors: [] as RpcError[],
    closes: [] as (RpcError | undefined)[],
    onFrame: (frame: Uint8Array) => sink.frames.push(Buffer.from(frame).toString()),
    onProtocolError: (error: RpcError) => sink.protocolErrors.push(error),
    onClose: (error?: RpcError) => sink.closes.push(error),
  };
  return sink;
}

let wss: WebSocketServer;
let url: string;
/** What the raw server side does with each connection; set by each test. */
let onConnection: (peer: WebSocket) => void;
const received: Buffer[] = [];

beforeEach(async () => {
  wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => wss.once("listening", resolve));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
  received.length = 0;
  wss.on("connection", (peer) => {
    peer.on("message", (data: Buffer) => received.push(data));
    onConnection(peer);
  });
});

afterEach(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
});

/**
 * An open `ws` client socket and a channel over it, made in the open event itself: messages
 * can arrive in the same chunk as the upgrade response, before an awaiting caller resumes.
 * `arrived(n)` resolves once `n` messages have reached the socket, whatever the channel did
 * with them (counted from before the open, so none is missed).
 */
async function open(
  options: { maxPayload?: number; binaryType?: WebSocket["binaryType"] } = {},
): Promise<{ socket: WebSocket; channel: FrameChannel; arrived(n: number): Promise<void> }> {
  const socket = new WebSocket(url, { maxPayload: options.maxPayload ?? 0 });
  if (options.binaryType !== undefined) socket.binaryType = options.binaryType;
  let count = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  socket.on("message", () => {
    count++;
    for (const waiter of waiters) if (count >= waiter.n) waiter.resolve();
  });
  const arrived = (n: number) =>
    new Promise<void>((resolve) => {
      if (count >= n) resolve();
      else waiters.push({ n, resolve });
    });
  return new Promise((resolve) =>
    socket.once("open", () =>
      resolve({ socket, channel: wsChannel(socket, "test-peer"), arrived }),
    ),
  );
}

test("messages that arrive before start() are held and delivered in order", async () => {
  onConnection = (peer) => {
    peer.send(message(Buffer.from("one")));
    peer.send(message(Buffer.from("two"), Buffer.from("three")));
  };
  const { channel, arrived } = await open();
  await arrived(2);
  const sink = recorder();
  channel.start(sink, { maxFrameBytes: 1024 });
  expect(sink.frames).toEqual(["one", "two", "three"]);
  channel.close();
});

test("frames sent while the socket is still connecting go out once it opens, and close flushes them", async () => {
  onConnection = () => {};
  const socket = new WebSocket(url);
  const channel = wsChannel(socket, "test-peer");
  const sink = recorder();
  channel.start(sink, { maxFrameBytes: 1024 });
  channel.send(new TextEncoder().encode("early"));
  channel.send(new TextEncoder().encode("later"));
  channel.close();
  channel.send(new TextEncoder().encode("after close"));
  await new Promise((resolve) => socket.once("close", resolve));
  // Both were written in the same turn, so they travel in one message.
  expect(received).toHaveLength(1);
  expect(framesOf(received).map(String)).toEqual(["early", "later"]);
  // A local close is never reported back.
  expect(sink.closes).toEqual([]);
});

test("a frame over maxFrameBytes is a resource_exhausted protocol error naming the limit and offset, and later input is ignored", async () => {
  onConnection = (peer) => {
    peer.send(message(Buffer.from("fine"), Buffer.alloc(2000)));
    peer.send(message(Buffer.from("ignored")));
  };
  const { socket, channel, arrived } = await open();
  const sink = recorder();
  channel.start(sink, { maxFrameBytes: 1024 });
  await expect.poll(() => sink.protocolErrors.length).toBe(1);
  expect(sink.protocolErrors[0]).toMatchObject({
    code: "resource_exhausted",
    message:
      "frame of 2000 bytes at offset 8 of a 2012-byte message exceeds the limit maxFrameBytes = 1024",
  });
  await arrived(2);
  // The message is refused whole: not even its valid first frame is delivered.
  expect(sink.frames).toEqual([]);
  socket.terminate();
});

test("without maxPayload (as in browsers) a message over the message limit is refused once received", async () => {
  onConnection = (peer) => peer.send(Buffer.alloc(70_000));
  const { socket, channel } = await open();
  const sink = recorder();
  channel.start(sink, { maxFrameBytes: 1024 });
  await expect.poll(() => sink.protocolErrors.length).toBe(1);
  expect(sink.protocolErrors[0]).toMatchObject({
    code: "resource_exhausted",
    message:
      "message of 70000 bytes exceeds the limit of 65536 bytes per message (the batch size; maxFrameBytes = 1024)",
  });
  socket.terminate();
});

test("with ws's maxPayload the oversized message is refused before buffering, still as resource_exhausted", async () => {
  const maxFrameBytes = 100_000;
  onConnection = (peer) => peer.send(Buffer.alloc(maxMessageBytes(maxFrameBytes) + 1));
  const { channel } = await open({ maxPayload: maxMessageBytes(maxFrameBytes) });
  const sink = recorder();
  channel.start(sink, { maxFrameBytes });
  await expect.poll(() => sink.protocolErrors.length).toBe(1);
  expect(sink.protocolErrors[0]).toMatchObject({
    code: "resource_exhausted",
    message:
      "message exceeds the limit of 100004 bytes per message (maxFrameBytes = 100000 plus the 4-byte length prefix); refused before buffering",
  });
});

test("a frame of exactly maxFrameBytes fits through ws's maxPayload with its length prefix", async () => {
  const maxFrameBytes = 100_000;
  onConnection = (peer) => peer.send(message(Buffer.alloc(maxFrameBytes, 0x61)));
  const { socket, channel } = await open({ maxPayload: maxMessageBytes(maxFrameBytes) });
  const sink = recorder();
  channel.start(sink, { maxFrameBytes });
  await expect.poll(() => sink.frames.length).toBe(1);
  expect(sink.frames[0]).toHaveLength(maxFrameBytes);
  expect(sink.protocolErrors).toEqual([]);
  socket.terminate();
});

test("a text message is an invalid_argument protocol error", async () => {
  onConnection = (peer) => peer.send("hello");
  const { socket, channel } = await open();
  const sink = recorder();
  channel.start(sink, { maxFrameBytes: 1024 });
  await expect.poll(() => sink.protocolErrors.length).toBe(1);
  expect(sink.protocolErrors[0]!.code).toBe("invalid_argument");
  expect(sink.protocolErrors[0]!.message).toContain("text message");
  socket.terminate();
});

test("binaryType arraybuffer (what browsers get) delivers the same bytes", async () => {
  onConnection = (peer) => peer.send(message(Buffer.from("bytes")));
  const { socket, channel } = await open({ binaryType: "fragments" });
  const sink = recorder();
  channel.start(sink, { maxFrameBytes: 1024 });
  expect(socket.binaryType).toBe("arraybuffer");
  await expect.poll(() => sink.frames).toEqual(["bytes"]);
  socket.terminate();
});

test("the peer's close reaches the sink once as unavailable naming the peer, code and reason", async () => {
  onConnection = (peer) => setTimeout(() => peer.close(4000, "bye now"), 20);
  const socket = new WebSocket(url);
  const sink = recorder();
  wsChannel(socket, "ws://example/rpc").start(sink, { maxFrameBytes: 1024 });
  await expect.poll(() => sink.closes.length).toBe(1);
  expect(sink.closes[0]).toMatchObject({
    code: "unavailable",
    message: "connection to ws://example/rpc was closed by the peer (close code 4000: bye now)",
  });
});

test("an abrupt loss is reported as 1006, and a close before start() is reported at start()", async () => {
  onConnection = (peer) => peer.terminate();
  const { socket, channel } = await open();
  await new Promise((resolve) => socket.once("close", resolve));
  const sink = recorder();
  channel.start(sink, { maxFrameBytes: 1024 });
  expect(sink.closes.map((e) => e?.message)).toEqual([
    "connection to test-peer was closed by the peer (close code 1006, abnormal closure)",
  ]);
});

test("a peer that stops reading is given up on past maxBufferedBytes, reported as resource_exhausted naming the limit", async () => {
  let serverSide: WebSocket | undefined;
  onConnection = (peer) => {
    serverSide = peer;
  };
  const { socket } = await open();
  await expect.poll(() => serverSide !== undefined).toBe(true);
  // The raw client stops reading, so what the channel sends piles up.
  socket.pause();
  const channel = wsChannel(serverSide!, "slow-reader", { maxBufferedBytes: 256 * 1024 });
  const sink = recorder();
  channel.start(sink, { maxFrameBytes: 1024 * 1024 });
  const frame = new Uint8Array(64 * 1024);
  for (let i = 0; i < 2000 && sink.closes.length === 0; i++) {
    channel.send(frame);
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(sink.closes).toHaveLength(1);
  expect(sink.closes[0]).toMatchObject({ code: "resource_exhausted" });
  expect(sink.closes[0]!.message).toMatch(
    /^\d+ bytes wait to be sent to slow-reader, which is not reading: more than the limit maxBufferedBytes = 262144$/,
  );
  socket.terminate();
});
