import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import type { FrameChannel, FrameSink, RpcError } from "@rpcgen/runtime";
import { afterEach, describe, expect, test } from "vitest";
import { socketChannel } from "../src/index.js";
import { prefixed } from "./fixtures/util.js";

/** A connected pair of sockets on loopback: `near` is wrapped in the channel, `far` is raw. */
async function socketPair(allowHalfOpen = false): Promise<{ near: Socket; far: Socket }> {
  const accepted = once(server, "connection") as Promise<[Socket]>;
  const far = connect({ host: "127.0.0.1", port: port(), allowHalfOpen });
  await once(far, "connect");
  const [near] = await accepted;
  sockets.push(near, far);
  return { near, far };
}

let server: Server;
const sockets: Socket[] = [];
const port = (): number => {
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("not listening");
  return address.port;
};

/** A sink that records what the channel reports. */
function recorder() {
  const frames: string[] = [];
  const protocolErrors: RpcError[] = [];
  let resolveClosed!: (error: RpcError | undefined) => void;
  const closed = new Promise<RpcError | undefined>((resolve) => {
    resolveClosed = resolve;
  });
  const sink: FrameSink = {
    onFrame: (frame) => frames.push(Buffer.from(frame).toString()),
    onProtocolError: (error) => protocolErrors.push(error),
    onClose: (error) => resolveClosed(error),
  };
  return { sink, frames, protocolErrors, closed };
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("socketChannel", () => {
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // A fresh listener per test keeps accepted sockets from leaking between tests.
  const listen = async (): Promise<void> => {
    server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
  };

  test("delivers frames however the byte stream splits them", async () => {
    await listen();
    const { near, far } = await socketPair();
    const channel = socketChannel(near, "tcp:test");
    const rec = recorder();
    channel.start(rec.sink, { maxFrameBytes: 1024 });
    const bytes = prefixed(text("alpha"), text(""), text("gamma".repeat(100)));
    // Dribble the stream in awkward pieces: mid-header, mid-body, across frames.
    for (const [from, to] of [
      [0, 2],
      [2, 7],
      [7, 11],
      [11, 200],
      [200, bytes.length],
    ] as const) {
      far.write(bytes.subarray(from, to));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await expect.poll(() => rec.frames.length).toBe(3);
    expect(rec.frames).toEqual(["alpha", "", "gamma".repeat(100)]);
  });

  test("frames sent through the channel arrive intact at a channel on the other end", async () => {
    await listen();
    const { near, far } = await socketPair();
    const sender = socketChannel(near, "tcp:sender");
    const receiver = socketChannel(far, "tcp:receiver");
    const rec = recorder();
    sender.start(recorder().sink, { maxFrameBytes: 1024 });
    receiver.start(rec.sink, { maxFrameBytes: 1024 });
    for (let i = 0; i < 100; i++) sender.send(text(`frame ${i}`));
    await expect.poll(() => rec.frames.length).toBe(100);
    expect(rec.frames.at(-1)).toBe("frame 99");
  });

  test("close() flushes frames queued in the same turn, then ends the socket", async () => {
    await listen();
    const { near, far } = await socketPair();
    const sender = socketChannel(near, "tcp:sender");
    const receiver = socketChannel(far, "tcp:receiver");
    const rec = recorder();
    sender.start(recorder().sink, { maxFrameBytes: 1024 });
    receiver.start(rec.sink, { maxFrameBytes: 1024 });
    sender.send(text("one"));
    sender.send(text("two"));
    sender.close();
    sender.send(text("after close is dropped"));
    const error = await rec.closed;
    expect(rec.frames).toEqual(["one", "two"]);
    expect(error).toMatchObject({ code: "unavailable" });
    expect(error!.message).toContain("tcp:receiver");
    expect(error!.message).toContain("closed by the peer");
    await once(near, "close");
  });

  test("a stream that ends in the middle of a frame is reported as a truncated frame", async () => {
    await listen();
    const { near, far } = await socketPair();
    const channel = socketChannel(near, "tcp:10.0.0.1:4242");
    const rec = recorder();
    channel.start(rec.sink, { maxFrameBytes: 1024 });
    far.end(Buffer.from([0, 0, 0, 100, 1, 2, 3]));
    const error = await rec.closed;
    expect(error).toMatchObject({ code: "unavailable" });
    expect(error!.message).toMatch(/truncated/);
    expect(error!.message).toContain("tcp:10.0.0.1:4242");
    expect(rec.frames).toEqual([]);
  });

  test("a connection reset reaches the sink as unavailable naming the peer and the cause", async () => {
    await listen();
    const { near, far } = await socketPair();
    const channel = socketChannel(near, "tcp:peer-under-test");
    const rec = recorder();
    channel.start(rec.sink, { maxFrameBytes: 1024 });
    far.resetAndDestroy();
    const error = await rec.closed;
    expect(error).toMatchObject({ code: "unavailable" });
    expect(error!.message).toContain("tcp:peer-under-test");
    expect(error!.message).toMatch(/ECONNRESET|closed/);
  });

  test("a length prefix over the limit is refused without buffering, and the channel can still send", async () => {
    await listen();
    const { near, far } = await socketPair();
    const channel = socketChannel(near, "tcp:hostile");
    const rec = recorder();
    channel.start(rec.sink, { maxFrameBytes: 1024 });
    const received: Buffer[] = [];
    far.on("data", (chunk: Buffer) => received.push(chunk));
    far.write(Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4]));
    await expect.poll(() => rec.protocolErrors.length).toBe(1);
    expect(rec.protocolErrors[0]).toMatchObject({ code: "resource_exhausted" });
    expect(rec.protocolErrors[0]!.message).toContain("2147483647");
    // What the session does next: tell the peer why, then close.
    channel.send(text("goaway"));
    channel.close();
    await once(far, "end");
    expect(Buffer.concat(received)).toEqual(prefixed(text("goaway")));
    expect(rec.frames).toEqual([]);
  });

  test("frames that arrive before start() are held until start", async () => {
    await listen();
    const { near, far } = await socketPair();
    const channel: FrameChannel = socketChannel(near, "tcp:early");
    far.write(prefixed(text("early bird")));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const rec = recorder();
    channel.start(rec.sink, { maxFrameBytes: 1024 });
    await expect.poll(() => rec.frames).toEqual(["early bird"]);
  });

  test("a socket that closed before start() is reported on start", async () => {
    await listen();
    const { near, far } = await socketPair();
    const channel = socketChannel(near, "tcp:gone");
    far.resetAndDestroy();
    // Not events.once: it would reject on the socket's 'error', which the channel handles.
    await new Promise((resolve) => near.once("close", resolve));
    const rec = recorder();
    channel.start(rec.sink, { maxFrameBytes: 1024 });
    const error = await rec.closed;
    expect(error).toMatchObject({ code: "unavailable" });
    expect(error!.message).toContain("tcp:gone");
  });

  test("close() destroys the socket when the peer never closes its side", async () => {
    await listen();
    // The far side keeps its half open after our end: only the grace timer can end this.
    const { near, far } = await socketPair(true);
    let farEnded = false;
    far.on("end", () => {
      farEnded = true;
    });
    const channel = socketChannel(near, "tcp:stubborn");
    channel.start(recorder().sink, { maxFrameBytes: 1024 });
    channel.close();
    await once(near, "close");
    expect(farEnded).toBe(true);
    expect(near.destroyed).toBe(true);
  });
});
