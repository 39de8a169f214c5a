import { createServer, msgpackCodec } from "@rpcgen/runtime";
import { afterEach, beforeEach, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenWs, type WsListener } from "../src/node.js";
import {
  bystander,
  clientHello,
  framesOf,
  message,
  type RawPeer,
  rawPeer,
} from "./fixtures/util.js";

// What a raw `ws` client sees of the wire format: messages of length-prefixed frames, both
// ways, and the server refusing malformed inner framing on that connection only.

const maxFrameBytes = 64 * 1024;
const codec = msgpackCodec();
/** Replies are decoded as a session does: one codec per connection, frames in order. */
const replyCodec = () => msgpackCodec({ connection: true });
let listener: WsListener;
const peers: RawPeer[] = [];

beforeEach(async () => {
  const server = createServer({ limits: { maxFrameBytes } }).add(TestService, testServiceImpl);
  listener = await listenWs(server, { path: "/rpc" });
});

afterEach(async () => {
  for (const peer of peers.splice(0)) peer.socket.terminate();
  await listener.close({ graceMs: 100 });
});

/** A raw peer past the handshake. */
async function greeted(): Promise<RawPeer> {
  const peer = await rawPeer(listener.url);
  peers.push(peer);
  peer.socket.send(clientHello);
  await expect.poll(() => peer.messages.length).toBe(1);
  return peer;
}

/** A 4-byte big-endian length prefix on its own. */
function prefix(length: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(length);
  return bytes;
}

const echo = (id: number) => codec.encode([1, id, "TestService/echo", null, 0, { x: id, y: 0 }]);

test("several frames in one message are all served, and the replies of one turn share a message", async () => {
  const peer = await rawPeer(listener.url);
  peers.push(peer);
  // The hello and calls behind it in a single message: one codec offered, so pipelining is fine.
  const calls = Array.from({ length: 20 }, (_, i) => echo(i + 1));
  peer.socket.send(message(clientHello.subarray(4), ...calls));
  await expect.poll(() => framesOf(peer.messages).length).toBe(21);
  const [hello, ...replies] = framesOf(peer.messages);
  expect(JSON.parse(hello!.toString())).toMatchObject({ protocol: "rpcgen", codec: "msgpack" });
  const replyDecoder = replyCodec();
  expect(replies.map((frame) => replyDecoder.decode(frame))).toEqual(
    calls.map((_, i) => [6, i + 1, { x: i + 1, y: 0 }, null, null]),
  );
  // Twenty replies written in the same turn: far fewer messages than frames.
  expect(peer.messages.length).toBeLessThanOrEqual(3);
});

/** A valid call at the start of each malformed message, so offsets are past it. */
const first = message(echo(1));
const at = first.length;

const malformed: [string, Buffer, string][] = [
  ["an empty message", Buffer.alloc(0), "empty message"],
  [
    "a message ending inside a length prefix",
    Buffer.concat([first, Buffer.from([0, 0])]),
    `message of ${at + 2} bytes ends inside the length prefix at offset ${at} (truncated frame)`,
  ],
  [
    "a message ending inside a frame",
    Buffer.concat([first, prefix(100), Buffer.alloc(10)]),
    `message of ${at + 14} bytes ends inside the frame at offset ${at}: its length prefix says 100 bytes, 10 follow (truncated frame)`,
  ],
];

test.each(malformed)(
  "%s is invalid_argument naming the offset, close code 1002, and harms no one else",
  async (_name, bytes, expected) => {
    const other = await bystander(listener.url);
    const peer = await greeted();
    peer.socket.send(bytes);
    expect(await peer.closed).toMatchObject({ code: 1002 });
    const replyDecoder = replyCodec();
    const [, ...frames] = framesOf(peer.messages).map((frame, i) =>
      i === 0 ? frame : replyDecoder.decode(frame),
    );
    // The message is refused whole: the valid call before the bad framing never ran.
    expect(frames).toEqual([
      [11, 0, { code: "invalid_argument", message: expect.stringContaining(expected) }],
    ]);
    await expect.poll(() => listener.connections).toBe(1);
    await other.finish();
  },
);

test("a frame over maxFrameBytes inside a message within the limit is resource_exhausted, close 1009", async () => {
  const other = await bystander(listener.url);
  const peer = await greeted();
  // The message itself is small: only the inner prefix claims too much.
  peer.socket.send(Buffer.concat([first, prefix(maxFrameBytes + 1), Buffer.alloc(8)]));
  expect(await peer.closed).toMatchObject({ code: 1009 });
  expect(replyCodec().decode(framesOf(peer.messages)[1]!)).toEqual([
    11,
    0,
    {
      code: "resource_exhausted",
      message: expect.stringContaining(
        `frame of 65537 bytes at offset ${at} of a ${at + 12}-byte message exceeds the limit maxFrameBytes = 65536`,
      ),
    },
  ]);
  await other.finish();
});

test("a hello without length prefix (the older one-frame-per-message mapping) gets an error hello saying so", async () => {
  const other = await bystander(listener.url);
  const peer = await rawPeer(listener.url);
  peers.push(peer);
  peer.socket.send(clientHello.subarray(4));
  await peer.closed;
  const hello = JSON.parse(framesOf(peer.messages)[0]!.toString()) as {
    error: { code: string; message: string };
  };
  expect(hello.error.code).toBe("resource_exhausted");
  expect(hello.error.message).toContain("at offset 0");
  expect(hello.error.message).toContain("a hello without length prefix");
  await other.finish();
});

test("a frame of exactly maxFrameBytes arrives whole: the message limit leaves room for its prefix", async () => {
  const peer = await greeted();
  // Sized to the byte: a bin16 header (this payload) is one byte longer than an empty bin8.
  const envelope = codec.encode([1, 1, "TestService/echoBytes", null, 0, new Uint8Array(0)]);
  const payload = new Uint8Array(maxFrameBytes - envelope.length - 1);
  const frame = codec.encode([1, 1, "TestService/echoBytes", null, 0, payload]);
  expect(frame.length).toBe(maxFrameBytes);
  peer.socket.send(message(frame));
  await expect.poll(() => framesOf(peer.messages).length).toBe(2);
  expect((replyCodec().decode(framesOf(peer.messages)[1]!) as unknown[])[0]).toBe(6);
});
