import { spawn } from "node:child_process";
import { PassThrough } from "node:stream";
import type { FrameSink, RpcError } from "@rpcgen/runtime";
import { describe, expect, test } from "vitest";
import { stdioChannel } from "../src/index.js";

/** A sink recording what the channel reports. */
function recorder() {
  const frames: string[] = [];
  const protocolErrors: RpcError[] = [];
  let closeResolve!: (error: RpcError | undefined) => void;
  const closed = new Promise<RpcError | undefined>((resolve) => {
    closeResolve = resolve;
  });
  const sink: FrameSink = {
    onFrame: (frame) => frames.push(Buffer.from(frame).toString()),
    onProtocolError: (error) => protocolErrors.push(error),
    onClose: (error) => closeResolve(error),
  };
  return { sink, frames, protocolErrors, closed };
}

function prefixed(text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
}

const limits = { maxFrameBytes: 1024 };

describe("stdioChannel", () => {
  test("frames cross a pair of pipes, those sent before start are held", async () => {
    const aToB = new PassThrough();
    const bToA = new PassThrough();
    const a = stdioChannel(bToA, aToB, "b");
    const b = stdioChannel(aToB, bToA, "a");
    a.send(Buffer.from("one"));
    a.send(Buffer.from(""));
    a.send(Buffer.from("three"));
    await new Promise((resolve) => setImmediate(resolve));
    const got = recorder();
    b.start(got.sink, limits);
    await expect.poll(() => got.frames).toEqual(["one", "", "three"]);
  });

  test("input ending in the middle of a frame is reported as a truncated frame", async () => {
    const input = new PassThrough();
    const channel = stdioChannel(input, new PassThrough(), "stdio:worker");
    const got = recorder();
    channel.start(got.sink, limits);
    input.write(prefixed("complete"));
    input.end(prefixed("cut short").subarray(0, 7));
    const error = await got.closed;
    expect(got.frames).toEqual(["complete"]);
    expect(error?.code).toBe("unavailable");
    expect(error?.message).toBe(
      "input from stdio:worker ended in the middle of a frame (truncated frame)",
    );
  });

  test("a length over the limit is refused from its prefix alone", async () => {
    const input = new PassThrough();
    const channel = stdioChannel(input, new PassThrough(), "stdio:worker");
    const got = recorder();
    channel.start(got.sink, limits);
    input.write(prefixed("fine"));
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1025);
    input.write(header);
    await expect.poll(() => got.protocolErrors.length).toBe(1);
    expect(got.protocolErrors[0]!.code).toBe("resource_exhausted");
    expect(got.protocolErrors[0]!.message).toContain(
      "frame of 1025 bytes exceeds the limit maxFrameBytes = 1024",
    );
  });

  test("text instead of frames is quoted in the protocol error", async () => {
    const input = new PassThrough();
    const channel = stdioChannel(input, new PassThrough(), "stdio:tool");
    const got = recorder();
    channel.start(got.sink, limits);
    input.write("Listening on port 3000\n");
    await expect.poll(() => got.protocolErrors.length).toBe(1);
    expect(got.protocolErrors[0]!.message).toMatch(
      /^stdio:tool does not speak the rpcgen protocol: its output starts with "Listening on port 3000\\n", not a frame/,
    );
  });

  test("writing to a child that closed its stdin reports EPIPE instead of crashing", async () => {
    // The child closes its stdin at once and stays alive, so our writes hit a broken pipe.
    const child = spawn(
      process.execPath,
      ["-e", "require('node:fs').closeSync(0); setTimeout(() => {}, 20000)"],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    try {
      const channel = stdioChannel(child.stdout, child.stdin, "stdio:child");
      const got = recorder();
      channel.start(got.sink, limits);
      const timer = setInterval(() => channel.send(Buffer.alloc(512)), 5);
      const error = await got.closed;
      clearInterval(timer);
      expect(error?.code).toBe("unavailable");
      expect(error?.message).toMatch(/^cannot write to stdio:child: .*EPIPE/);
    } finally {
      child.kill("SIGKILL");
    }
  });

  test("close() flushes queued frames, then ends the output", async () => {
    const output = new PassThrough();
    const channel = stdioChannel(new PassThrough(), output, "peer");
    channel.send(Buffer.from("last words"));
    channel.close();
    channel.send(Buffer.from("after close"));
    const chunks: Buffer[] = [];
    for await (const chunk of output) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(prefixed("last words"));
  });
});
