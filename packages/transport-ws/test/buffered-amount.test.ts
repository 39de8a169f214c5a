import { createServer, msgpackCodec, RpcError } from "@rpcgen/runtime";
import { afterEach, expect, test, vi } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenWs, type WsListener } from "../src/node.js";
import { clientHello, framesOf, message, rawPeer } from "./fixtures/util.js";

let listener: WsListener | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await listener?.close({ graceMs: 100 });
});

test("a peer that sends requests but never reads replies is cut off at maxBufferedBytes, not buffered without bound", async () => {
  // A call held open hears, through its signal, the moment the server gives up on the peer.
  let cutOff!: (reason: unknown) => void;
  const gaveUp = new Promise<unknown>((resolve) => {
    cutOff = resolve;
  });
  let answering: (() => void) | undefined;
  const server = createServer().add(TestService, {
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
  listener = await listenWs(server, { maxBufferedBytes: 1024 * 1024 });
  const peer = await rawPeer(listener.url);
  peer.socket.send(clientHello);
  await expect.poll(() => peer.messages.length).toBe(1);
  // Stop reading (ws's own pause: pausing its socket directly would be undone by ws), so
  // replies pile up in the kernel's buffers, then in the server's.
  peer.socket.pause();
  // Once it gives up, the server waits 2 s for the close handshake before dropping the socket
  // and what it still buffers; the clock stands still so the peer reads it all back below.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const codec = msgpackCodec();
  peer.socket.send(message(codec.encode([1, 1, "TestService/sleep", null, 0, { ms: 1 }])));
  const payload = new Uint8Array(512 * 1024);
  // 200 replies are 100 MiB: far more than the limit plus every kernel buffer on the way.
  let id = 2;
  for (; id < 200; id++) {
    // One request at a time, each answered (its reply queued) before the next is sent.
    const answered = new Promise<"answered">((resolve) => {
      answering = () => resolve("answered");
    });
    peer.socket.send(message(codec.encode([1, id, "TestService/echoBytes", null, 0, payload])));
    if ((await Promise.race([answered, gaveUp])) !== "answered") break;
  }
  expect(id, "requests sent before the server gave up").toBeLessThan(200);
  const reason = await gaveUp;
  expect(reason).toBeInstanceOf(RpcError);
  // Handlers of a client that went away see `cancelled`, the cause in the message.
  expect(reason).toMatchObject({ code: "cancelled" });
  expect((reason as RpcError).message).toMatch(
    /\d+ bytes wait to be sent, more than maxBufferedBytes = 1048576 \(the peer is not reading\)/,
  );

  // Reading again, the peer finds the replies queued before the cut, then the server's close:
  // never a protocol error.
  peer.socket.resume();
  expect((await peer.closed).code).toBe(1008);
  const replies = msgpackCodec({ connection: true });
  const frames = framesOf(peer.messages)
    .slice(1)
    .map((m) => replies.decode(m) as unknown[]);
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.map((f) => f[0])).toEqual(frames.map(() => 6));
  await expect.poll(() => listener!.connections).toBe(0);
});
