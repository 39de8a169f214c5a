import { createServer as createNodeServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, RpcError } from "@rpcgen/runtime";
import { afterAll, describe, expect, it, vi } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import type { HttpListener } from "../src/server.js";
import { clientsUnderTest } from "./fixtures/clients.js";
import { rpcErrorOf, startLocal } from "./fixtures/local.js";
import { killAllServers, spawnServer } from "./fixtures/spawn-server.js";

afterAll(killAllServers);

/**
 * An in-process listener that tells when a `sleep` handler has started and why it was aborted,
 * so a test acts on the call once the server has it rather than after a guessed delay.
 */
async function listenerWatchingSleep(): Promise<{
  listener: HttpListener;
  running: Promise<void>;
  aborted: Promise<unknown>;
}> {
  let started!: () => void;
  const running = new Promise<void>((resolve) => {
    started = resolve;
  });
  let abortedWith!: (reason: unknown) => void;
  const aborted = new Promise<unknown>((resolve) => {
    abortedWith = resolve;
  });
  const listener = await startLocal(
    {},
    {
      interceptors: [
        (ctx, next) => {
          if (ctx.method === "sleep") {
            ctx.signal.addEventListener("abort", () => abortedWith(ctx.signal.reason));
            started();
          }
          return next();
        },
      ],
    },
  );
  return { listener, running, aborted };
}

describe.each(clientsUnderTest)("the $name client against failures", ({ httpTransport }) => {
  it("refuses a base URL with credentials in it, which errors would echo", () => {
    let refusal: unknown;
    try {
      httpTransport("http://ann:secret@127.0.0.1:9/rpc");
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RpcError);
    expect((refusal as RpcError).code).toBe("invalid_argument");
    expect((refusal as RpcError).message).toContain("must not carry credentials");
    expect((refusal as RpcError).message).not.toContain("secret");
  });

  it("fails calls in flight with unavailable when the server process is killed", async () => {
    const server = await spawnServer();
    const client = createClient(TestService, httpTransport(server.url));
    expect(await client.echo({ x: 1, y: 1 })).toEqual({ x: 1, y: 1 });
    const unary = rpcErrorOf(client.sleep({ ms: 60_000 }));
    const stream = rpcErrorOf(
      (async () => {
        for await (const _ of client.count({ n: 10_000_000, delayMs: 1 })) {
          // keep reading until the server dies
        }
      })(),
    );
    await vi.waitFor(async () => {
      // The stream has started producing once `produced` moves.
      expect(await client.produced(null)).toBeGreaterThan(0);
    });
    await server.kill("SIGKILL");
    // At once: the dead connection fails them. Waiting for anything else (a 60 s sleep, an
    // endless stream) would outlast the test's timeout.
    const errors = await Promise.all([unary, stream]);
    for (const error of errors) {
      expect(error.code).toBe("unavailable");
      expect(error.message).toContain(server.url);
    }
    const after = await rpcErrorOf(client.echo({ x: 1, y: 1 }));
    expect(after.code).toBe("unavailable");
    expect(after.message).toMatch(/ECONNREFUSED/);
  });

  it("aborting a call's signal cancels it and aborts the server handler with cancelled", async () => {
    const { listener, running, aborted } = await listenerWatchingSleep();
    const client = createClient(TestService, httpTransport(listener.url));
    const controller = new AbortController();
    const call = client.sleep({ ms: 60_000 }, { signal: controller.signal });
    await running;
    controller.abort();
    expect((await rpcErrorOf(call)).code).toBe("cancelled");
    expect(await aborted).toMatchObject({ code: "cancelled" });
    await listener.close({ graceMs: 100 });
  });

  it("throw() on a server stream rejects with the consumer's own error", async () => {
    const listener = await startLocal();
    const client = createClient(TestService, httpTransport(listener.url));
    const iterator = client.count({ n: 1_000_000, delayMs: 1 })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe(0);
    const mine = new Error("reader gave up");
    await expect(iterator.throw?.(mine)).rejects.toBe(mine);
    await vi.waitFor(async () => expect(await client.lastAbort(null)).toBe("cancelled"));
    await listener.close({ graceMs: 100 });
  });

  it("close() fails calls in flight with unavailable and refuses new ones", async () => {
    const listener = await startLocal();
    const transport = httpTransport(listener.url);
    const client = createClient(TestService, transport);
    const call = rpcErrorOf(client.sleep({ ms: 60_000 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await transport.close();
    expect((await call).code).toBe("unavailable");
    expect((await rpcErrorOf(client.echo({ x: 1, y: 1 }))).code).toBe("unavailable");
    await listener.close({ graceMs: 100 });
  });

  it("maps an error page that is not rpcgen's (a proxy's 502) from its status", async () => {
    const proxy = createNodeServer((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>bad gateway</html>");
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const port = (proxy.address() as AddressInfo).port;
    const client = createClient(TestService, httpTransport(`http://127.0.0.1:${port}`));
    const error = await rpcErrorOf(client.echo({ x: 1, y: 1 }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain("HTTP 502");
    expect(error.message).toContain("bad gateway");
    await new Promise((resolve) => proxy.close(resolve));
  });

  it("refuses metadata named like an HTTP header instead of losing it", async () => {
    const listener = await startLocal();
    const client = createClient(TestService, httpTransport(listener.url));
    const error = await rpcErrorOf(client.headers(null, { metadata: { "content-type": "x" } }));
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain("content-type");
    await listener.close({ graceMs: 100 });
  });

  it("pauses a server stream the client does not read (socket backpressure)", async () => {
    const listener = await startLocal();
    const client = createClient(TestService, httpTransport(listener.url));
    const stream = client.count({ n: 5_000_000 })[Symbol.asyncIterator]();
    expect((await stream.next()).value).toBe(0);
    // Wait until the producer has stopped moving: the socket buffers are full.
    let last = -1;
    await vi.waitFor(
      async () => {
        const now = await client.produced(null);
        const settled = now === last;
        last = now;
        expect(settled).toBe(true);
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(last).toBeLessThan(5_000_000);
    await stream.return?.();
    await vi.waitFor(async () => expect(await client.lastAbort(null)).toBe("cancelled"));
    await listener.close({ graceMs: 100 });
  });

  it("lets calls in flight finish when the listener closes gracefully", async () => {
    const { listener, running } = await listenerWatchingSleep();
    const client = createClient(TestService, httpTransport(listener.url));
    const call = client.sleep({ ms: 200 });
    await running;
    const closed = listener.close({ graceMs: 5000 });
    expect(await call).toBe("woke");
    await closed;
  });
});
