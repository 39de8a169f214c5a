import { createServer, msgpackCodec } from "@rpcgen/runtime";
import { afterEach, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenWs, type WsListener } from "../src/node.js";
import { clientHello, framesOf, message, rawPeer } from "./fixtures/util.js";

let listener: WsListener | undefined;

afterEach(async () => {
  await listener?.close({ graceMs: 100 });
});

test("a peer that sends requests but never reads replies is cut off at maxBufferedBytes, not buffered without bound", async () => {
  const server = createServer().add(TestService, testServiceImpl);
  listener = await listenWs(server, { maxBufferedBytes: 1024 * 1024 });
  const peer = await rawPeer(listener.url);
  peer.socket.send(clientHello);
  await expect.poll(() => peer.messages.length).toBe(1);
  // Stop reading (ws's own pause: pausing its socket directly would be undone by ws), so
  // replies pile up in the kernel's buffers, then in the server's.
  peer.socket.pause();
  const codec = msgpackCodec();
  const payload = new Uint8Array(512 * 1024);
  for (let id = 1; id <= 200; id++) {
    peer.socket.send(message(codec.encode([1, id, "TestService/echoBytes", null, 0, payload])));
    // Let the server answer as we go, and stop once it has given up on us.
    await new Promise((resolve) => setImmediate(resolve));
    if (listener.connections === 0) break;
  }
  await expect.poll(() => listener!.connections, { timeout: 10_000 }).toBe(0);
  // Reading again, the peer finds replies and then the connection gone: never a protocol error.
  peer.socket.resume();
  expect([1006, 1008]).toContain((await peer.closed).code);
  const replies = msgpackCodec({ connection: true });
  const frames = framesOf(peer.messages)
    .slice(1)
    .map((m) => replies.decode(m) as unknown[]);
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.every((f) => f[0] === 6)).toBe(true);
});
