import {
  createClient,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  type FrameChannel,
  type FrameSink,
  RpcError,
} from "@rpcgen/runtime";
import { describe, expect, it, vi } from "vitest";
import { TestService, testServiceImpl } from "./fixtures/echo-service.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function newServer(limits = {}) {
  return createServer({ limits, onHandlerError: () => {} }).add(TestService, testServiceImpl);
}

/** Wraps a channel so a test can silence it, like a peer whose machine froze. */
function silenceable(channel: FrameChannel): FrameChannel & { silence(): void } {
  let silent = false;
  return {
    get peer() {
      return channel.peer;
    },
    start: (sink, limits) => channel.start(sink, limits),
    send: (frame) => {
      if (!silent) channel.send(frame);
    },
    close: () => channel.close(),
    silence() {
      silent = true;
    },
  };
}

/** Drives the client end by hand and records what the server sends back. */
function rawPeer(channel: FrameChannel) {
  const frames: Uint8Array[] = [];
  let closed: RpcError | undefined | null = null;
  const sink: FrameSink = {
    onFrame: (f) => frames.push(f.slice()),
    onProtocolError: () => {},
    onClose: (e) => {
      closed = e;
    },
  };
  channel.start(sink, { maxFrameBytes: 1 << 20 });
  return {
    frames,
    get closed() {
      return closed !== null;
    },
    sendJson: (value: unknown) => channel.send(encoder.encode(JSON.stringify(value))),
    json: (i: number) => JSON.parse(decoder.decode(frames[i])) as Record<string, unknown>,
  };
}

const hello = {
  protocol: "rpcgen",
  version: 1,
  codecs: ["msgpack"],
  maxFrameBytes: 1 << 20,
  streamWindow: 16,
};

describe("handshake", () => {
  it("negotiates the JSON codec when the client asks for it", async () => {
    const [a, b] = createMemoryChannelPair();
    newServer().serve(b);
    const client = createClient(TestService, createClientSession(a, { codec: "json" }));
    expect(await client.echo({ x: 3, y: 4 })).toEqual({ x: 3, y: 4 });
    const items: number[] = [];
    for await (const i of client.count({ n: 3 })) items.push(i);
    expect(items).toEqual([0, 1, 2]);
  });

  it("refuses an unknown protocol version with failed_precondition and closes", async () => {
    const [a, b] = createMemoryChannelPair();
    newServer().serve(b);
    const peer = rawPeer(a);
    peer.sendJson({ ...hello, version: 99 });
    await expect.poll(() => peer.closed).toBe(true);
    const reply = peer.json(0);
    expect(reply.error).toMatchObject({ code: "failed_precondition" });
    expect(String((reply.error as { message: string }).message)).toContain(
      "unsupported protocol version 99",
    );
  });

  it("refuses a client with no codec in common", async () => {
    const [a, b] = createMemoryChannelPair();
    newServer().serve(b);
    const peer = rawPeer(a);
    peer.sendJson({ ...hello, codecs: ["protobuf"] });
    await expect.poll(() => peer.closed).toBe(true);
    expect(peer.json(0).error).toMatchObject({ code: "failed_precondition" });
  });

  it("closes a peer that never says hello within handshakeTimeoutMs", async () => {
    const [a, b] = createMemoryChannelPair();
    const server = newServer({ handshakeTimeoutMs: 50 });
    server.serve(b);
    const peer = rawPeer(a);
    await expect.poll(() => peer.closed).toBe(true);
    expect(server.connections).toBe(0);
  });

  it("fails calls with unavailable when the server never answers the hello", async () => {
    const [a, b] = createMemoryChannelPair();
    b.start(
      { onFrame: () => {}, onProtocolError: () => {}, onClose: () => {} },
      { maxFrameBytes: 1024 },
    );
    const session = createClientSession(a, { limits: { handshakeTimeoutMs: 50 } });
    const client = createClient(TestService, session);
    await expect(client.echo({ x: 1, y: 1 })).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("handshakeTimeoutMs = 50"),
    });
  });

  it("keeps the deadline and signal of calls made while the handshake is pending", async () => {
    const [a, b] = createMemoryChannelPair();
    b.start(
      { onFrame: () => {}, onProtocolError: () => {}, onClose: () => {} },
      { maxFrameBytes: 1024 },
    );
    // The handshake would give up only after the test's own timeout.
    const session = createClientSession(a, { limits: { handshakeTimeoutMs: 600_000 } });
    const client = createClient(TestService, session);
    await expect(client.echo({ x: 1, y: 1 }, { timeoutMs: 30 })).rejects.toMatchObject({
      code: "deadline_exceeded",
    });
    const controller = new AbortController();
    const stream = client.count({ n: 3 }, { signal: controller.signal });
    const first = stream[Symbol.asyncIterator]().next();
    controller.abort();
    await expect(first).rejects.toMatchObject({ code: "cancelled" });
    await session.close();
  });
});

describe("graceful shutdown", () => {
  it("lets calls in flight finish and refuses new ones with unavailable", async () => {
    // The call in flight ends when the test says so, never before the shutdown has begun.
    let running!: () => void;
    const started = new Promise<void>((resolve) => {
      running = resolve;
    });
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const server = createServer({ onHandlerError: () => {} }).add(TestService, {
      ...testServiceImpl,
      async sleep() {
        running();
        await finished;
        return "woke";
      },
    });
    const [a, b] = createMemoryChannelPair();
    server.serve(b);
    const session = createClientSession(a);
    const client = createClient(TestService, session);
    await client.empty({});
    const inFlight = client.sleep({ ms: 0 });
    await started;
    const closed = server.close({ graceMs: 5000 });
    await vi.waitFor(() => expect(session.state).toBe("draining"), { timeout: 20_000 });
    await expect(client.echo({ x: 1, y: 1 })).rejects.toMatchObject({ code: "unavailable" });
    finish();
    expect(await inFlight).toBe("woke");
    await closed;
    expect(server.connections).toBe(0);
    expect(session.state).toBe("closed");
  });

  it("fails calls that outlive the grace period with unavailable", async () => {
    const server = newServer();
    const [a, b] = createMemoryChannelPair();
    server.serve(b);
    const client = createClient(TestService, createClientSession(a));
    const inFlight = client.sleep({ ms: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server.close({ graceMs: 50 });
    await expect(inFlight).rejects.toMatchObject({ code: "unavailable" });
  });
});

describe("keepalive", () => {
  it("detects a silent peer and fails its calls with unavailable", async () => {
    const [a, b] = createMemoryChannelPair();
    const serverEnd = silenceable(b);
    newServer().serve(serverEnd);
    const session = createClientSession(a, {
      limits: { keepaliveIntervalMs: 40, keepaliveTimeoutMs: 80 },
    });
    const client = createClient(TestService, session);
    await client.empty({});
    const pending = client.sleep({ ms: 60_000 });
    serverEnd.silence();
    const error = (await pending.catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain("keepaliveTimeoutMs = 80");
  });

  it("keeps an idle but healthy connection open", async () => {
    const [a, b] = createMemoryChannelPair();
    newServer().serve(b);
    const session = createClientSession(a, {
      limits: { keepaliveIntervalMs: 20, keepaliveTimeoutMs: 40 },
    });
    const client = createClient(TestService, session);
    await client.empty({});
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(session.state).toBe("open");
    expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  });
});

describe("RpcError", () => {
  it("keeps RpcErrors and turns other throws into internal without their message", () => {
    const original = new RpcError("not_found", "gone");
    expect(RpcError.from(original)).toBe(original);
    const wrapped = RpcError.from(new Error("db password is hunter2"));
    expect(wrapped.code).toBe("internal");
    expect(wrapped.message).toBe("internal error");
    expect(JSON.stringify(wrapped.toJSON())).not.toContain("hunter2");
    expect(RpcError.from(new DOMException("stop", "AbortError")).code).toBe("cancelled");
  });

  it("rebuilds unknown codes from the wire as unknown", () => {
    expect(RpcError.fromWire({ code: "teapot", message: "short and stout" })).toMatchObject({
      code: "unknown",
      message: expect.stringContaining("teapot"),
    });
    expect(RpcError.fromWire({ code: "aborted", message: "m", details: [1] }).details).toEqual([1]);
  });
});
