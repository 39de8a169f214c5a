import { connect, type Socket } from "node:net";
import { createServer, msgpackCodec } from "@rpcgen/runtime";
import { afterEach, beforeEach, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { maxMessageBytes } from "../src/index.js";
import { listenWs, type WsListener } from "../src/node.js";
import {
  bystander as bystanderOn,
  clientHello,
  framesOf,
  message,
  type RawPeer,
  rawPeer,
} from "./fixtures/util.js";

const maxFrameBytes = 64 * 1024;
let listener: WsListener;
const peers: RawPeer[] = [];
const sockets: Socket[] = [];

beforeEach(async () => {
  const server = createServer({ limits: { handshakeTimeoutMs: 300, maxFrameBytes } }).add(
    TestService,
    testServiceImpl,
  );
  listener = await listenWs(server, { path: "/rpc" });
});

afterEach(async () => {
  for (const peer of peers.splice(0)) peer.socket.terminate();
  for (const socket of sockets.splice(0)) socket.destroy();
  await listener.close({ graceMs: 100 });
});

const bystander = () => bystanderOn(listener.url);

async function hostile(): Promise<RawPeer> {
  const peer = await rawPeer(listener.url);
  peers.push(peer);
  return peer;
}

/** A raw TCP connection to the listener's port, below WebSocket. */
async function rawTcp(): Promise<{
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}> {
  const socket = connect({ host: "127.0.0.1", port: listener.port });
  sockets.push(socket);
  socket.on("error", () => {});
  let text = "";
  socket.setEncoding("latin1").on("data", (chunk: string) => {
    text += chunk;
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise((resolve) => socket.once("connect", resolve));
  return { socket, received: () => text, closed };
}

/** The server's answer after a raw hello: its JSON hello, then msgpack frames. */
function decode(messages: Buffer[]): { hello: Record<string, unknown>; frames: unknown[] } {
  const [hello, ...rest] = framesOf(messages);
  // As the session that receives them: one codec for the connection, frames in order.
  const codec = msgpackCodec({ connection: true });
  return {
    hello: JSON.parse(hello!.toString()) as Record<string, unknown>,
    frames: rest.map((frame) => codec.decode(frame)),
  };
}

test("a text message gets a goaway naming the problem, close code 1003, and harms no one else", async () => {
  const other = await bystander();
  const peer = await hostile();
  peer.socket.send(clientHello);
  await expect.poll(() => peer.messages.length).toBe(1);
  peer.socket.send('[1, 1, "TestService/echo"]');
  expect(await peer.closed).toMatchObject({ code: 1003 });
  expect(decode(peer.messages).frames).toEqual([
    [
      11,
      0,
      {
        code: "invalid_argument",
        message: expect.stringContaining("text message received; rpcgen frames travel in binary"),
      },
    ],
  ]);
  await other.finish();
});

test("a text message instead of the hello gets an error hello", async () => {
  const peer = await hostile();
  peer.socket.send(clientHello.toString());
  expect(await peer.closed).toMatchObject({ code: 1003 });
  expect(decode(peer.messages).hello).toMatchObject({
    protocol: "rpcgen",
    error: { code: "invalid_argument" },
  });
});

test("an oversized message is refused by ws before it is buffered, with close code 1009", async () => {
  const other = await bystander();
  const peer = await hostile();
  peer.socket.send(clientHello);
  await expect.poll(() => peer.messages.length).toBe(1);
  const before = process.memoryUsage().arrayBuffers;
  // Only the frame header claims 1 GiB; the payload never comes. A server that buffered
  // before checking would wait for it (and allocate it) instead of closing at once.
  const header = Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0x40, 0, 0, 0, 1, 2, 3, 4]);
  (peer.socket as unknown as { _socket: Socket })._socket.write(header);
  expect(await peer.closed).toMatchObject({ code: 1009 });
  expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  await expect.poll(() => listener.connections).toBe(1);
  await other.finish();
});

test("a message just over maxFrameBytes + 4 closes that connection only", async () => {
  const other = await bystander();
  const peer = await hostile();
  peer.socket.send(clientHello);
  await expect.poll(() => peer.messages.length).toBe(1);
  peer.socket.send(new Uint8Array(maxMessageBytes(maxFrameBytes) + 1));
  expect(await peer.closed).toMatchObject({ code: 1009 });
  await other.finish();
});

test("garbage bytes: a binary non-hello, random frames after the hello, and noise below WebSocket", async () => {
  const other = await bystander();

  const junk = await hostile();
  junk.socket.send(message(Buffer.from([0xff, 0xfe, 0x00, 0x01])));
  await junk.closed;
  expect(decode(junk.messages).hello).toMatchObject({ error: { code: "invalid_argument" } });

  const badFrame = await hostile();
  badFrame.socket.send(clientHello);
  badFrame.socket.send(message(msgpackCodec().encode({ type: 1 })));
  await badFrame.closed;
  expect(decode(badFrame.messages).frames).toEqual([
    [11, 0, { code: "invalid_argument", message: expect.stringContaining("protocol error") }],
  ]);

  // Not HTTP at all: node:http answers 400 and hangs up.
  const notHttp = await rawTcp();
  notHttp.socket.write("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n");
  await notHttp.closed;
  expect(notHttp.received()).toMatch(/^HTTP\/1\.1 400/);

  // A valid upgrade, then bytes that are not WebSocket frames (unmasked, reserved opcode):
  // ws answers with close code 1002, protocol error.
  const notFrames = await hostile();
  (notFrames.socket as unknown as { _socket: Socket })._socket.write(
    Buffer.from([0x8f, 0x05, 1, 2, 3, 4, 5]),
  );
  expect((await notFrames.closed).code).toBe(1002);

  await expect.poll(() => listener.connections).toBe(1);
  await other.finish();
});

test("a peer that opens the WebSocket and never says hello is closed after handshakeTimeoutMs", async () => {
  const other = await bystander();
  const silent = await hostile();
  expect(await silent.closed).toMatchObject({ code: 1000 });
  expect(silent.messages).toEqual([]);
  await other.finish();
  await expect.poll(() => listener.connections).toBe(0);
});

test("a TCP connection that never asks for the upgrade is dropped after handshakeTimeoutMs", async () => {
  const other = await bystander();
  const silent = await rawTcp();
  const halfRequest = await rawTcp();
  halfRequest.socket.write("GET /rpc HTTP/1.1\r\nHost: x\r\n");
  await Promise.all([silent.closed, halfRequest.closed]);
  await other.finish();
});

test("plain HTTP gets 426 and an upgrade for another path gets 404", async () => {
  const plain = await fetch(listener.url.replace("ws:", "http:"));
  expect(plain.status).toBe(426);
  expect(plain.headers.get("upgrade")).toBe("websocket");
  await plain.text();
  const elsewhere = await rawPeer(listener.url.replace("/rpc", "/other")).catch((e: Error) => e);
  expect(String(elsewhere)).toContain("404");
});
