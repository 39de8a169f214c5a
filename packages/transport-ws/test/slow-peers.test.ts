import { connect, type Socket } from "node:net";
import { createServer, msgpackCodec, type SessionLimits } from "@rpcgen/runtime";
import { afterEach, expect, test } from "vitest";
import type { WebSocket } from "ws";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { type ListenWsOptions, listenWs, type WsListener } from "../src/node.js";
import { bystander, clientHello, framesOf, type RawPeer, rawPeer } from "./fixtures/util.js";

let listener: WsListener | undefined;
const peers: RawPeer[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const peer of peers.splice(0)) peer.socket.terminate();
  for (const socket of sockets.splice(0)) socket.destroy();
  await listener?.close({ graceMs: 100 });
  listener = undefined;
});

async function listen(
  limits: Partial<SessionLimits>,
  options: ListenWsOptions = {},
): Promise<WsListener> {
  const server = createServer({ limits }).add(TestService, testServiceImpl);
  listener = await listenWs(server, { path: "/rpc", ...options });
  return listener;
}

/** A raw peer past the hello, so the session is running. */
async function helloed(url: string): Promise<RawPeer> {
  const peer = await rawPeer(url);
  peers.push(peer);
  peer.socket.send(clientHello);
  await expect.poll(() => peer.messages.length).toBe(1);
  return peer;
}

/** The frames after the server's hello, as the session that receives them decodes them. */
function framesAfterHello(messages: Buffer[]): unknown[] {
  const codec = msgpackCodec({ connection: true });
  return framesOf(messages)
    .slice(1)
    .map((frame) => codec.decode(frame));
}

/** The TCP socket under a `ws` WebSocket, to write bytes WebSocket would not. */
function tcpOf(socket: WebSocket): Socket {
  return (socket as unknown as { _socket: Socket })._socket;
}

test("a ping flood gets a goaway naming maxPingsPerSecond and close code 1008, not a dropped socket", async () => {
  const { url } = await listen({});
  const other = await bystander(url);
  const peer = await helloed(url);
  for (let i = 0; i < 10_000; i++) peer.socket.ping();
  expect(await peer.closed).toMatchObject({ code: 1008 });
  expect(framesAfterHello(peer.messages)).toEqual([
    [
      11,
      0,
      {
        code: "resource_exhausted",
        message: expect.stringContaining(
          "ping flood: more than maxPingsPerSecond = 100 WebSocket pings within one second",
        ),
      },
    ],
  ]);
  await other.finish();
});

test("pings within maxPingsPerSecond are answered and the connection stays", async () => {
  const { url } = await listen({}, { maxPingsPerSecond: 20 });
  const peer = await helloed(url);
  let pongs = 0;
  peer.socket.on("pong", () => {
    pongs += 1;
  });
  for (let i = 0; i < 20; i++) peer.socket.ping(Buffer.from([i]));
  await expect.poll(() => pongs).toBe(20);
  expect(peer.socket.readyState).toBe(peer.socket.OPEN);
});

test("maxPingsPerSecond: 0 refuses the first ping", async () => {
  const { url } = await listen({}, { maxPingsPerSecond: 0 });
  const peer = await helloed(url);
  peer.socket.ping();
  expect(await peer.closed).toMatchObject({ code: 1008 });
});

test("an upgrade request trickled a byte at a time is dropped after handshakeTimeoutMs", async () => {
  const { port } = await listen({ handshakeTimeoutMs: 200 });
  const request = `GET /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Padding: ${"a".repeat(10_000)}`;
  const written = await new Promise<number>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    sockets.push(socket);
    let next = 0;
    const timer = setInterval(() => {
      if (socket.writable) socket.write(request[next++ % request.length]!);
    }, 5);
    socket.on("error", () => {});
    socket.once("close", () => {
      clearInterval(timer);
      resolve(next);
    });
  });
  // The server hung up long before the request could end.
  expect(written).toBeLessThan(request.length);
});

test("a message trickled a byte at a time is cut off by keepalive: the peer cannot answer a ping mid-message", async () => {
  const { url } = await listen({ keepaliveIntervalMs: 100, keepaliveTimeoutMs: 100 });
  const other = await bystander(url);
  const peer = await helloed(url);
  const tcp = tcpOf(peer.socket);
  // A masked binary frame header announcing 60 000 bytes, then one byte per tick.
  tcp.write(Buffer.from([0x82, 0xfe, 0xea, 0x60, 1, 2, 3, 4]));
  const timer = setInterval(() => {
    if (tcp.writable) tcp.write(Buffer.from([0]));
  }, 5);
  const closed = await peer.closed.finally(() => clearInterval(timer));
  expect(closed.code).toBe(1000);
  // The session pinged (type 9), got no PONG behind the unfinished message, and closed.
  expect(framesAfterHello(peer.messages)).toEqual([[9, 0, expect.any(Number)]]);
  await other.finish();
});

test("maxPingsPerSecond must be a whole number", async () => {
  await expect(listen({}, { maxPingsPerSecond: 1.5 })).rejects.toThrow(
    "maxPingsPerSecond must be a whole number of at least 0, got 1.5",
  );
});
