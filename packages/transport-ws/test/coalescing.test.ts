import type { FrameSink, RpcError } from "@rpcgen/runtime";
import { expect, test } from "vitest";
import { wsChannel } from "../src/index.js";
import type { WebSocketEventLike, WebSocketLike } from "../src/websocket-like.js";
import { framesOf } from "./fixtures/util.js";

/** An open socket that records every message sent and counts them all as still buffered. */
class FakeSocket implements WebSocketLike {
  binaryType = "arraybuffer";
  readyState = 1;
  readonly sent: Buffer[] = [];
  closedWith: number | undefined;

  get bufferedAmount(): number {
    return this.sent.reduce((sum, message) => sum + message.length, 0);
  }

  send(data: Uint8Array<ArrayBuffer>): void {
    this.sent.push(Buffer.from(data));
  }

  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 2;
  }

  addEventListener(_type: string, _listener: (event: WebSocketEventLike) => void): void {}
}

function started(options: { maxBufferedBytes?: number } = {}) {
  const socket = new FakeSocket();
  const closes: (RpcError | undefined)[] = [];
  const sink: FrameSink = {
    onFrame: () => {},
    onProtocolError: () => {},
    onClose: (error) => closes.push(error),
  };
  const channel = wsChannel(socket, "fake", options);
  channel.start(sink, { maxFrameBytes: 4 * 1024 * 1024 });
  return { socket, channel, closes };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const frame = (size: number, fill = 0x61) => new Uint8Array(size).fill(fill);

test("frames written in one turn leave as one message at the end of the turn, a lone one too", async () => {
  const { socket, channel } = started();
  channel.send(frame(3, 0x61));
  channel.send(frame(5, 0x62));
  channel.send(frame(0));
  expect(socket.sent).toEqual([]);
  await nextTurn();
  expect(socket.sent).toHaveLength(1);
  expect(framesOf(socket.sent).map(String)).toEqual(["aaa", "bbbbb", ""]);

  // Alone in its turn, a frame still goes out right after it: no timer holds it back.
  channel.send(frame(1, 0x63));
  await nextTurn();
  expect(framesOf(socket.sent.slice(1)).map(String)).toEqual(["c"]);
});

test("a batch never passes 64 KiB: it goes out as soon as the next frame would not fit", () => {
  const { socket, channel } = started();
  for (let i = 0; i < 200; i++) channel.send(frame(1000, i));
  // 65 frames of 1004 bytes fill a batch; the 66th would pass 65536, so the batch leaves now.
  expect(socket.sent.map((m) => m.length)).toEqual([65 * 1004, 65 * 1004, 65 * 1004]);
  channel.close();
  const frames = framesOf(socket.sent);
  expect(frames).toHaveLength(200);
  expect(frames.map((f) => f[0])).toEqual(Array.from({ length: 200 }, (_, i) => i & 0xff));
});

test("a frame larger than a batch travels alone, after what was queued before it, at once", () => {
  const { socket, channel } = started();
  channel.send(frame(10, 0x61));
  channel.send(frame(100_000, 0x62));
  channel.send(frame(10, 0x63));
  expect(socket.sent.map((m) => m.length)).toEqual([14, 100_004]);
  channel.close();
  expect(socket.sent.map((m) => m.length)).toEqual([14, 100_004, 14]);
  expect(socket.closedWith).toBe(1000);
});

test("close() sends what is queued before the close frame, and nothing after", async () => {
  const { socket, channel } = started();
  channel.send(frame(2, 0x61));
  channel.close();
  channel.send(frame(2, 0x62));
  await nextTurn();
  expect(framesOf(socket.sent).map(String)).toEqual(["aa"]);
  expect(socket.closedWith).toBe(1000);
});

test("backpressure: a flushed batch that pushes bufferedAmount past maxBufferedBytes gives up on the peer", async () => {
  const { socket, channel, closes } = started({ maxBufferedBytes: 100 });
  for (let i = 0; i < 3; i++) channel.send(frame(40));
  expect(socket.sent).toEqual([]);
  await nextTurn();
  expect(socket.sent).toHaveLength(1);
  expect(socket.closedWith).toBe(1008);
  expect(closes).toHaveLength(1);
  expect(closes[0]).toMatchObject({
    code: "resource_exhausted",
    message:
      "132 bytes wait to be sent to fake, which is not reading: more than the limit maxBufferedBytes = 100",
  });
  // Frames written after the channel gave up are dropped, not queued.
  channel.send(frame(1));
  await nextTurn();
  expect(socket.sent).toHaveLength(1);
});
