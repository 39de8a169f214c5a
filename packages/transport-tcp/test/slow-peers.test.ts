import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, msgpackCodec } from "@rpcgen/runtime";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { makePki } from "../../runtime/test/auth-certs.js";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { needs } from "../../runtime/test/support/external.js";
import { listenTcp, type TcpListener } from "../src/index.js";
import { clientHello, collect, prefixed, socketClosed, splitFrames } from "./fixtures/util.js";

const listeners: TcpListener[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(listeners.splice(0).map((l) => l.close({ graceMs: 100 })));
});

async function rawConnect(port: number): Promise<Socket> {
  const socket = connect({ host: "127.0.0.1", port });
  sockets.push(socket);
  socket.on("error", () => {});
  await new Promise((resolve) => socket.once("connect", resolve));
  return socket;
}

test("a frame trickled a byte at a time is cut off by keepalive: the peer cannot answer a ping mid-frame", async () => {
  const server = createServer({
    limits: { keepaliveIntervalMs: 100, keepaliveTimeoutMs: 100 },
  }).add(TestService, testServiceImpl);
  const listener = await listenTcp(server, { port: 0 });
  listeners.push(listener);
  const socket = await rawConnect(listener.port!);
  const received = collect(socket).bytes;
  // The hello, then the length prefix of a 60 000-byte frame whose bytes come one per tick.
  socket.write(Buffer.concat([prefixed(clientHello), Buffer.from([0, 0, 0xea, 0x60])]));
  const timer = setInterval(() => {
    if (socket.writable) socket.write(Buffer.from([0]));
  }, 5);
  await socketClosed(socket).finally(() => clearInterval(timer));
  // After the server's hello: its PING (type 9), never answered, then the close.
  const codec = msgpackCodec({ connection: true });
  const frames = splitFrames(received()).slice(1);
  expect(frames.map((frame) => codec.decode(frame))).toEqual([[9, 0, expect.any(Number)]]);
});

describe.runIf(await needs("openssl", "TLS handshake timeout tests"))("TLS", () => {
  const dir = mkdtempSync(join(tmpdir(), "rpcgen-tcp-slow-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a peer that never starts the TLS handshake is dropped after handshakeTimeoutMs", async () => {
    const { server: identity } = makePki(dir);
    const server = createServer({ limits: { handshakeTimeoutMs: 200 } }).add(
      TestService,
      testServiceImpl,
    );
    const listener = await listenTcp(server, {
      port: 0,
      tls: { cert: identity.cert, key: identity.key },
    });
    listeners.push(listener);
    const silent = await rawConnect(listener.port!);
    // Half a ClientHello record header, then nothing.
    const stalled = await rawConnect(listener.port!);
    stalled.write(Buffer.from([0x16, 0x03]));
    // Node's own default would keep them for two minutes; vitest's timeout fails the test first.
    await Promise.all([socketClosed(silent), socketClosed(stalled)]);
    expect(listener.connections).toBe(0);
  });
});
