import { join } from "node:path";
import { createClient, createServer, type Server } from "@rpcgen/runtime";
import { afterEach, describe, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenTcp, type TcpListener, type TcpTransport, tcpTransport } from "../src/index.js";
import { freePort, rmDirs, rpcErrorOf, tempDir } from "./fixtures/util.js";

const listeners: TcpListener[] = [];
const transports: TcpTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(listeners.splice(0).map((l) => l.close({ graceMs: 100 })));
  rmDirs();
});

function testServer(): Server {
  return createServer().add(TestService, testServiceImpl);
}

async function listen(options: Parameters<typeof listenTcp>[1] = {}): Promise<TcpListener> {
  const listener = await listenTcp(testServer(), options);
  listeners.push(listener);
  return listener;
}

function transport(...args: Parameters<typeof tcpTransport>): TcpTransport {
  const t = tcpTransport(...args);
  transports.push(t);
  return t;
}

const quickRetry = { initialDelayMs: 10, maxDelayMs: 50 };

describe("connecting", () => {
  test("connects lazily on the first call and carries every call on one connection", async () => {
    const listener = await listen();
    const t = transport({ host: "127.0.0.1", port: listener.port! });
    expect(t.state).toBe("idle");
    expect(t.url).toBe(listener.url);
    expect(listener.connections).toBe(0);
    const client = createClient(TestService, t);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.echo({ x: i, y: -i })),
    );
    expect(results[49]).toEqual({ x: 49, y: -49 });
    expect(t.state).toBe("open");
    expect(listener.connections).toBe(1);
  });

  test("connect() opens the connection eagerly and resolves after the handshake", async () => {
    const listener = await listen();
    const t = transport({ host: "127.0.0.1", port: listener.port! }, { codec: "json" });
    await t.connect();
    expect(t.state).toBe("open");
    expect(listener.connections).toBe(1);
    await t.connect();
    expect(listener.connections).toBe(1);
    expect(await createClient(TestService, t).echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  });

  test("connect() rejects with unavailable naming the address when nothing listens", async () => {
    const port = await freePort();
    const t = transport({ host: "127.0.0.1", port });
    const error = await rpcErrorOf(t.connect());
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(`tcp://127.0.0.1:${port}`);
    expect(error.message).toContain("ECONNREFUSED");
    expect(t.state).toBe("backoff");
  });

  test("a server that accepts but never answers the hello fails the attempt after connectTimeoutMs", async () => {
    const { createServer: createNetServer } = await import("node:net");
    const mute = createNetServer(() => {});
    await new Promise<void>((resolve) => mute.listen(0, "127.0.0.1", resolve));
    const port = (mute.address() as { port: number }).port;
    try {
      const t = transport({ host: "127.0.0.1", port }, { connectTimeoutMs: 200 });
      const error = await rpcErrorOf(t.connect());
      expect(error.code).toBe("unavailable");
      expect(error.message).toContain("connectTimeoutMs = 200");
    } finally {
      mute.close();
      for (const t of transports.splice(0)) await t.close();
    }
  });

  test("invalid options are refused when the transport is created", () => {
    expect(() => tcpTransport({ host: "127.0.0.1", port: 0 })).toThrow(RangeError);
    expect(() => tcpTransport({ host: "127.0.0.1", port: 1 }, { connectTimeoutMs: 0 })).toThrow(
      RangeError,
    );
    expect(() => tcpTransport({ host: "h", port: 1 }, { reconnect: { multiplier: 0.5 } })).toThrow(
      /multiplier/,
    );
  });
});

describe("while the server is unreachable", () => {
  test("with waitForReady a call waits up to its deadline, then fails unavailable naming the address and the last error", async () => {
    const port = await freePort();
    const t = transport({ host: "127.0.0.1", port }, { reconnect: quickRetry, waitForReady: true });
    const error = await rpcErrorOf(
      createClient(TestService, t).echo({ x: 1, y: 1 }, { timeoutMs: 300 }),
    );
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(`tcp://127.0.0.1:${port}`);
    expect(error.message).toContain("deadline");
    expect(error.message).toContain("ECONNREFUSED");
  });

  test("with connectAttempts: 1 a call fails unavailable after one attempt, and at once while a retry is pending", async () => {
    const port = await freePort();
    const t = transport(
      { host: "127.0.0.1", port },
      { connectAttempts: 1, reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 } },
    );
    const client = createClient(TestService, t);
    expect((await rpcErrorOf(client.echo({ x: 1, y: 1 }))).code).toBe("unavailable");
    expect(t.state).toBe("backoff");
    const error = await rpcErrorOf(client.echo({ x: 1, y: 1 }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toMatch(/connectAttempts = 1.*ECONNREFUSED/);
    const stream = client.count({ n: 3 })[Symbol.asyncIterator]();
    expect((await rpcErrorOf(stream.next())).code).toBe("unavailable");
  });

  test("with reconnect: false a waiting call fails as soon as the attempt fails", async () => {
    const port = await freePort();
    const t = transport({ host: "127.0.0.1", port }, { reconnect: false });
    const error = await rpcErrorOf(createClient(TestService, t).echo({ x: 1, y: 1 }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain("ECONNREFUSED");
    expect(t.state).toBe("idle");
  });

  test("a waiting call is cancelled by its AbortSignal", async () => {
    const port = await freePort();
    const t = transport({ host: "127.0.0.1", port }, { reconnect: quickRetry, waitForReady: true });
    const controller = new AbortController();
    const call = createClient(TestService, t).echo({ x: 1, y: 1 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await rpcErrorOf(call)).code).toBe("cancelled");
  });

  test("with waitForReady waiting calls and streams go through once the server appears", async () => {
    const path = join(tempDir(), "late.sock");
    const t = transport({ path }, { reconnect: quickRetry, waitForReady: true });
    const client = createClient(TestService, t);
    const unary = client.echo({ x: 7, y: 8 });
    // stream() returns at once; the first next() waits for the connection.
    const stream = client.count({ n: 5 });
    const items: number[] = [];
    const reading = (async () => {
      for await (const i of stream) items.push(i);
    })();
    await expect.poll(() => t.state).toBe("backoff");
    await listen({ path });
    expect(await unary).toEqual({ x: 7, y: 8 });
    await reading;
    expect(items).toEqual([0, 1, 2, 3, 4]);
    expect(t.state).toBe("open");
  });

  test("a stream left before it started never starts the call", async () => {
    const path = join(tempDir(), "never.sock");
    const t = transport({ path }, { reconnect: quickRetry });
    const iterator = createClient(TestService, t).count({ n: 5 })[Symbol.asyncIterator]();
    const first = iterator.next();
    await iterator.return?.();
    expect(await first).toEqual({ value: undefined, done: true });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });
});

describe("close()", () => {
  test("fails calls in flight, calls waiting for a connection and later calls with unavailable", async () => {
    const listener = await listen();
    const open = transport({ host: "127.0.0.1", port: listener.port! });
    const openClient = createClient(TestService, open);
    await open.connect();
    // Each outcome is observed from the start, so no rejection is ever unhandled.
    const inFlight = rpcErrorOf(openClient.sleep({ ms: 10_000 }));
    const stream = openClient.countSlowly({ n: 100_000 })[Symbol.asyncIterator]();
    expect((await stream.next()).value).toBe(0);
    const streamFailed = rpcErrorOf(
      (async () => {
        for (;;) await stream.next();
      })(),
    );

    const down = transport(
      { host: "127.0.0.1", port: await freePort() },
      { reconnect: quickRetry, waitForReady: true },
    );
    const waiting = rpcErrorOf(createClient(TestService, down).echo({ x: 1, y: 1 }));
    await expect.poll(() => down.state).toBe("backoff");

    await Promise.all([open.close(), down.close()]);
    const errors = await Promise.all([
      inFlight,
      streamFailed,
      waiting,
      rpcErrorOf(openClient.echo({ x: 1, y: 1 })),
    ]);
    expect(errors.map((e) => e.code)).toEqual([
      "unavailable",
      "unavailable",
      "unavailable",
      "unavailable",
    ]);
    expect(errors[3]!.message).toContain("closed");
    expect(open.state).toBe("closed");
    expect(down.state).toBe("closed");
    await expect.poll(() => listener.connections).toBe(0);
  });
});

describe("when the connection breaks", () => {
  test("calls in flight fail unavailable at once and the next call reconnects", async () => {
    const path = join(tempDir(), "flaky.sock");
    const first = await listen({ path });
    const t = transport({ path }, { reconnect: quickRetry });
    const client = createClient(TestService, t);
    await t.connect();
    const inFlight = rpcErrorOf(client.sleep({ ms: 10_000 }));
    await client.echo({ x: 0, y: 0 });
    // graceMs 0: the goaway is followed at once by an abort, which is a broken connection.
    await first.close({ graceMs: 0 });
    const error = await inFlight;
    expect(error.code).toBe("unavailable");
    expect(t.state).toBe("idle");
    await listen({ path });
    expect(await client.echo({ x: 5, y: 5 })).toEqual({ x: 5, y: 5 });
    expect(t.state).toBe("open");
  });
});
