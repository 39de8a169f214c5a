import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient, createServer, type Server } from "@rpcgen/runtime";
import { afterEach, describe, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenTcp, type TcpListener, type TcpTransport, tcpTransport } from "../src/index.js";
import { rmDirs, rpcErrorOf, tempDir } from "./fixtures/util.js";

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

async function listen(options: Parameters<typeof listenTcp>[1]): Promise<TcpListener> {
  const listener = await listenTcp(testServer(), options);
  listeners.push(listener);
  return listener;
}

function client(...args: Parameters<typeof tcpTransport>) {
  const transport = tcpTransport(...args);
  transports.push(transport);
  return { transport, client: createClient(TestService, transport) };
}

describe("TCP", () => {
  test("binds 127.0.0.1 on a free port by default and reports its url", async () => {
    const listener = await listen({});
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.path).toBeUndefined();
    expect(listener.url).toBe(`tcp://127.0.0.1:${listener.port}`);
    const { client: c } = client({ host: "127.0.0.1", port: listener.port! });
    expect(await c.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  });

  test("IPv6 addresses are bracketed in the url", async (ctx) => {
    const listener = await listen({ host: "::1" }).catch(() => undefined);
    if (listener === undefined) ctx.skip("no IPv6 loopback on this machine");
    expect(listener!.url).toBe(`tcp://[::1]:${listener!.port}`);
    const { client: c } = client({ host: "::1", port: listener!.port! });
    expect(await c.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  });

  test("rejects when the port is already taken", async () => {
    const first = await listen({});
    await expect(listenTcp(testServer(), { port: first.port! })).rejects.toMatchObject({
      code: "EADDRINUSE",
    });
  });
});

describe("Unix sockets", () => {
  test("serves calls and the socket file is gone after close", async () => {
    const path = join(tempDir(), "app.sock");
    const listener = await listen({ path });
    expect(listener.url).toBe(`unix://${path}`);
    expect(listener.path).toBe(path);
    expect(listener.port).toBeUndefined();
    const { client: c, transport } = client({ path });
    expect(transport.url).toBe(`unix://${path}`);
    expect(await c.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    await listener.close();
    expect(existsSync(path)).toBe(false);
  });

  test("a stale socket file left by a killed process is replaced", async () => {
    const path = join(tempDir(), "stale.sock");
    // A process that binds the path and dies at once, leaving the file behind.
    const child = spawnSync(process.execPath, [
      "-e",
      "require('node:net').createServer().listen(process.argv[1], () => process.kill(process.pid, 'SIGKILL'))",
      path,
    ]);
    expect(child.signal).toBe("SIGKILL");
    expect(lstatSync(path).isSocket()).toBe(true);
    await listen({ path });
    const { client: c } = client({ path });
    expect(await c.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  });

  test("a socket someone is listening on, or a file that is not a socket, is left alone", async () => {
    const dir = tempDir();
    const live = join(dir, "live.sock");
    await listen({ path: live });
    await expect(listenTcp(testServer(), { path: live })).rejects.toMatchObject({
      code: "EADDRINUSE",
    });
    const file = join(dir, "data.txt");
    writeFileSync(file, "precious");
    await expect(listenTcp(testServer(), { path: file })).rejects.toThrow(/not a socket/);
    expect(lstatSync(file).isFile()).toBe(true);
  });
});

describe("close()", () => {
  test("lets calls in flight finish while new calls on that connection are refused", async () => {
    const listener = await listen({});
    const { client: c, transport } = client(
      { host: "127.0.0.1", port: listener.port! },
      { reconnect: { initialDelayMs: 10, maxDelayMs: 50 } },
    );
    await transport.connect();
    const inFlight = c.sleep({ ms: 300 });
    const stream = c.count({ n: 3, delayMs: 100 });
    await c.echo({ x: 0, y: 0 });
    const closed = listener.close({ graceMs: 5000 });
    await expect.poll(() => transport.state).not.toBe("open");
    // A call after the goaway needs a new connection, and nothing accepts any more.
    const late = await rpcErrorOf(c.echo({ x: 1, y: 1 }, { timeoutMs: 200 }));
    expect(late.code).toBe("unavailable");
    expect(await inFlight).toBe("woke");
    const items: number[] = [];
    for await (const i of stream) items.push(i);
    expect(items).toEqual([0, 1, 2]);
    await closed;
    expect(listener.connections).toBe(0);
  });

  test("aborts what is still running after graceMs, failing it with unavailable", async () => {
    const listener = await listen({});
    const { client: c, transport } = client({ host: "127.0.0.1", port: listener.port! });
    await transport.connect();
    const inFlight = rpcErrorOf(c.sleep({ ms: 30_000 }));
    await c.echo({ x: 0, y: 0 });
    await listener.close({ graceMs: 50 });
    expect((await inFlight).code).toBe("unavailable");
    expect(listener.connections).toBe(0);
    // Idempotent.
    await listener.close();
  });
});
