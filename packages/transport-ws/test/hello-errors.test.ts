import { createServer } from "@rpcgen/runtime";
import { afterAll, beforeAll, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenWs, type WsListener } from "../src/node.js";
import { framesOf, message, rawPeer } from "./fixtures/util.js";

// The error hellos docs/protocol.md lists (Handshake, Error reply), checked on a real server.
let listener: WsListener;

beforeAll(async () => {
  listener = await listenWs(createServer().add(TestService, testServiceImpl));
});

afterAll(() => listener.close({ graceMs: 100 }));

const good = {
  protocol: "rpcgen",
  version: 1,
  codecs: ["msgpack"],
  maxFrameBytes: 4194304,
  streamWindow: 256,
};

async function errorFor(hello: unknown): Promise<unknown> {
  const peer = await rawPeer(listener.url);
  peer.socket.send(message(Buffer.from(JSON.stringify(hello))));
  await peer.closed;
  const [reply] = framesOf(peer.messages);
  return (JSON.parse(reply!.toString()) as { error?: unknown }).error;
}

const limits =
  "protocol error in handshake: client hello needs integer limits: maxFrameBytes >= 1024 and streamWindow >= 1";

test.each([
  [
    "protocol is not rpcgen",
    { ...good, protocol: "grpc" },
    "invalid_argument",
    "protocol error in handshake: not an rpcgen client hello",
  ],
  [
    "version is not 1",
    { ...good, version: 2 },
    "failed_precondition",
    "protocol error in handshake: unsupported protocol version 2 (this server speaks 1)",
  ],
  [
    "no codec in common",
    { ...good, codecs: ["cbor"] },
    "failed_precondition",
    "protocol error in handshake: no codec in common (server codecs: msgpack, json)",
  ],
  ["maxFrameBytes missing", { ...good, maxFrameBytes: undefined }, "invalid_argument", limits],
  ["maxFrameBytes below 1024", { ...good, maxFrameBytes: 1023 }, "invalid_argument", limits],
  ["maxFrameBytes fractional", { ...good, maxFrameBytes: 4096.5 }, "invalid_argument", limits],
  ["streamWindow 0", { ...good, streamWindow: 0 }, "invalid_argument", limits],
  ["streamWindow negative", { ...good, streamWindow: -1 }, "invalid_argument", limits],
  ["streamWindow a string", { ...good, streamWindow: "256" }, "invalid_argument", limits],
])("a hello whose %s gets the error hello protocol.md lists", async (_, hello, code, text) => {
  expect(await errorFor(hello)).toEqual({ code, message: text });
});

test("the smallest limits protocol.md allows are accepted", async () => {
  const peer = await rawPeer(listener.url);
  peer.socket.send(
    message(Buffer.from(JSON.stringify({ ...good, maxFrameBytes: 1024, streamWindow: 1 }))),
  );
  await expect.poll(() => peer.messages.length).toBe(1);
  const [reply] = framesOf(peer.messages);
  expect(JSON.parse(reply!.toString())).toMatchObject({ protocol: "rpcgen", codec: "msgpack" });
  peer.socket.terminate();
  await peer.closed;
});
