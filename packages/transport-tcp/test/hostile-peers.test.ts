import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { createClient, createServer, msgpackCodec } from "@rpcgen/runtime";
import { afterEach, beforeEach, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenTcp, type TcpListener, tcpTransport } from "../src/index.js";
import { clientHello, collect, prefixed, socketClosed, splitFrames } from "./fixtures/util.js";

let listener: TcpListener;
const raw: Socket[] = [];

beforeEach(async () => {
  const server = createServer({ limits: { handshakeTimeoutMs: 300 } }).add(
    TestService,
    testServiceImpl,
  );
  listener = await listenTcp(server, { port: 0 });
});

afterEach(async () => {
  for (const socket of raw.splice(0)) socket.destroy();
  await listener.close({ graceMs: 100 });
});

/** A raw connection that speaks whatever the test writes. */
async function hostile(): Promise<{ socket: Socket; received: () => Buffer }> {
  const socket = connect({ host: "127.0.0.1", port: listener.port! });
  raw.push(socket);
  socket.on("error", () => {});
  await new Promise((resolve) => socket.once("connect", resolve));
  return { socket, received: collect(socket).bytes };
}

/** A well-behaved client on its own connection still gets answers. */
async function assertServerStillServes(): Promise<void> {
  const transport = tcpTransport({ host: "127.0.0.1", port: listener.port! });
  try {
    const client = createClient(TestService, transport);
    expect(await client.echo({ x: 3, y: 4 })).toEqual({ x: 3, y: 4 });
  } finally {
    await transport.close();
  }
}

/** The server's answer: its JSON hello, then msgpack frames. */
function decode(bytes: Buffer): { hello: Record<string, unknown>; frames: unknown[] } {
  const [hello, ...rest] = splitFrames(bytes);
  // As the session that receives them: one codec for the connection, frames in order.
  const codec = msgpackCodec({ connection: true });
  return {
    hello: JSON.parse(hello!.toString()) as Record<string, unknown>,
    frames: rest.map((frame) => codec.decode(frame)),
  };
}

test("garbage instead of the protocol gets an error hello and a closed connection", async () => {
  // A stray HTTP request: "GET " read as a length is ~1.1 GB, far past the limit.
  const http = await hostile();
  http.socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  await socketClosed(http.socket);
  expect(decode(http.received()).hello).toMatchObject({
    protocol: "rpcgen",
    error: { code: "resource_exhausted" },
  });

  // A frame of the right size that is not JSON.
  const junk = await hostile();
  junk.socket.write(prefixed(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02])));
  await socketClosed(junk.socket);
  expect(decode(junk.received()).hello).toMatchObject({ error: { code: "invalid_argument" } });

  // Random bytes, a lot of them.
  const noise = await hostile();
  noise.socket.write(randomBytes(256 * 1024));
  await socketClosed(noise.socket);

  await assertServerStillServes();
});

test("a 2 GiB length prefix is refused without allocating it", async () => {
  const peer = await hostile();
  peer.socket.write(prefixed(clientHello));
  // Wait for the server's hello so the prefix below is read after the handshake.
  await expect.poll(() => splitFrames(peer.received()).length).toBe(1);
  const before = process.memoryUsage().arrayBuffers;
  peer.socket.write(Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8]));
  await socketClosed(peer.socket);
  const grown = process.memoryUsage().arrayBuffers - before;
  expect(grown).toBeLessThan(64 * 1024 * 1024);
  const { hello, frames } = decode(peer.received());
  expect(hello).toMatchObject({ protocol: "rpcgen", codec: "msgpack" });
  expect(frames).toEqual([
    [
      11,
      0,
      { code: "resource_exhausted", message: expect.stringMatching(/2147483647.*maxFrameBytes/) },
    ],
  ]);
  await assertServerStillServes();
});

test("a truncated frame followed by the end of the stream closes that connection only", async () => {
  const bystander = tcpTransport({ host: "127.0.0.1", port: listener.port! });
  const client = createClient(TestService, bystander);
  const inFlight = client.sleep({ ms: 200 });
  const peer = await hostile();
  peer.socket.write(prefixed(clientHello));
  await expect.poll(() => splitFrames(peer.received()).length).toBe(1);
  peer.socket.end(Buffer.from([0, 0, 0, 100, 0x93, 1, 2]));
  await socketClosed(peer.socket);
  await expect.poll(() => listener.connections).toBe(1);
  expect(await inFlight).toBe("woke");
  await bystander.close();
  await assertServerStillServes();
});

test("a peer that connects and never says hello is closed after handshakeTimeoutMs", async () => {
  const silent = await hostile();
  // Half a length prefix, then nothing: the decoder waits, the handshake timer does not.
  const stalled = await hostile();
  stalled.socket.write(Buffer.from([0, 0]));
  await Promise.all([socketClosed(silent.socket), socketClosed(stalled.socket)]);
  expect(silent.received().length).toBe(0);
  await expect.poll(() => listener.connections).toBe(0);
  await assertServerStillServes();
});

test("a frame that is not an array after a valid hello gets a goaway and a closed connection", async () => {
  const codec = msgpackCodec();
  for (const bad of [42, "hello", { type: 1 }, [], ["1", 2]]) {
    const peer = await hostile();
    peer.socket.write(prefixed(clientHello, codec.encode(bad)));
    await socketClosed(peer.socket);
    const { frames } = decode(peer.received());
    expect(frames).toEqual([
      [11, 0, { code: "invalid_argument", message: expect.stringContaining("protocol error") }],
    ]);
  }
  await assertServerStillServes();
});
