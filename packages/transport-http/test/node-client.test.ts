import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent as HttpAgent } from "node:http";
import { createServer as createHttpsServer, Agent as HttpsAgent } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, createServer, RpcError } from "@rpcgen/runtime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { needs } from "../../runtime/test/support/external.js";
import { makeCertificate } from "../../transport-tcp/test/fixtures/certs.js";
import { httpTransport } from "../src/node.js";
import { type HttpListener, httpHandler } from "../src/server.js";
import { rpcErrorOf, startLocal } from "./fixtures/local.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An in-process listener whose server-side sockets the test can watch. */
async function listen(): Promise<{ listener: HttpListener; sockets: Socket[] }> {
  const listener = await startLocal();
  const sockets: Socket[] = [];
  listener.httpServer.on("connection", (socket: Socket) => sockets.push(socket));
  cleanups.push(() => listener.close({ graceMs: 100 }));
  return { listener, sockets };
}

describe("the node:http client's connections", () => {
  it("keeps one connection alive across sequential calls", async () => {
    const { listener, sockets } = await listen();
    const transport = httpTransport(listener.url);
    cleanups.push(() => transport.close());
    const client = createClient(TestService, transport);
    for (let i = 0; i < 20; i++) expect(await client.echo({ x: i, y: i })).toEqual({ x: i, y: i });
    expect(sockets).toHaveLength(1);
  });

  it("close() destroys its agent's connections: the server sees them close", async () => {
    const { listener, sockets } = await listen();
    const transport = httpTransport(listener.url);
    const client = createClient(TestService, transport);
    await Promise.all([1, 2, 3].map((x) => client.echo({ x, y: x })));
    expect(sockets.length).toBeGreaterThan(0);
    expect(sockets.every((socket) => !socket.destroyed)).toBe(true);
    await transport.close();
    await vi.waitFor(() => expect(sockets.every((socket) => socket.destroyed)).toBe(true));
  });

  it("close() leaves an agent it was given to its owner", async () => {
    const { listener, sockets } = await listen();
    const agent = new HttpAgent({ keepAlive: true });
    cleanups.push(() => agent.destroy());
    const transport = httpTransport(listener.url, { agent });
    expect(await createClient(TestService, transport).echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    await transport.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sockets.map((socket) => socket.destroyed)).toEqual([false]);
  });

  it("maxSockets bounds the connections; the calls beyond it wait their turn", async () => {
    const { listener, sockets } = await listen();
    const transport = httpTransport(listener.url, { maxSockets: 2 });
    cleanups.push(() => transport.close());
    const client = createClient(TestService, transport);
    const results = await Promise.all(Array.from({ length: 6 }, () => client.sleep({ ms: 30 })));
    expect(results).toEqual(Array(6).fill("woke"));
    expect(sockets).toHaveLength(2);
  });

  it("a call still waiting for a connection fails at once when cancelled", async () => {
    const { listener } = await listen();
    const transport = httpTransport(listener.url, { maxSockets: 1 });
    cleanups.push(() => transport.close());
    const client = createClient(TestService, transport);
    // The one connection stays busy far longer than the test may run, so the queued call can
    // only fail by being cancelled while it waits, not once the connection frees up.
    const holdConnection = new AbortController();
    const busy = rpcErrorOf(client.sleep({ ms: 600_000 }, { signal: holdConnection.signal }));
    const controller = new AbortController();
    const queued = rpcErrorOf(client.echo({ x: 1, y: 1 }, { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    expect((await queued).code).toBe("cancelled");
    holdConnection.abort();
    expect((await busy).code).toBe("cancelled");
    expect(await client.echo({ x: 2, y: 2 })).toEqual({ x: 2, y: 2 });
  });
});

describe("the node:http client's options", () => {
  it("refuses a URL or options it cannot use, naming them", () => {
    const refusal = (make: () => unknown): RpcError => {
      try {
        make();
      } catch (error) {
        expect(error).toBeInstanceOf(RpcError);
        return error as RpcError;
      }
      throw new Error("expected httpTransport to throw");
    };
    const cases: [() => unknown, string][] = [
      [() => httpTransport("not a url"), "baseUrl"],
      [() => httpTransport("ftp://127.0.0.1/rpc"), "baseUrl must be an http: or https: URL"],
      [() => httpTransport("http://ann:secret@127.0.0.1/rpc"), "must not carry credentials"],
      [() => httpTransport("http://127.0.0.1", { maxSockets: 0 }), "maxSockets"],
      [
        () => httpTransport("http://127.0.0.1", { agent: new HttpAgent(), maxSockets: 4 }),
        "maxSockets",
      ],
      [() => httpTransport("https://127.0.0.1", { agent: new HttpAgent() }), "agent is for http:"],
      [() => httpTransport("http://127.0.0.1", { headers: { "bad name": "x" } }), "headers"],
    ];
    for (const [make, named] of cases) {
      const error = refusal(make);
      expect(error.code).toBe("invalid_argument");
      expect(error.message).toContain(named);
    }
  });
});

describe.runIf(await needs("openssl", "https: tests"))("the node:http client over https", () => {
  it("calls an https server with an agent that trusts its certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rpcgen-https-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { certFile, keyFile, ca } = makeCertificate(dir);
    const server = createServer({ onHandlerError: () => {} }).add(TestService, testServiceImpl);
    const https = createHttpsServer(
      { cert: readFileSync(certFile), key: readFileSync(keyFile) },
      httpHandler(server, { prefix: "/rpc" }),
    );
    await new Promise<void>((resolve) => https.listen(0, "127.0.0.1", resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          https.closeAllConnections();
          https.close(() => resolve());
        }),
    );
    const url = `https://127.0.0.1:${(https.address() as AddressInfo).port}/rpc`;

    const agent = new HttpsAgent({ keepAlive: true, ca });
    cleanups.push(() => agent.destroy());
    const trusted = httpTransport(url, { agent, codec: "json" });
    const client = createClient(TestService, trusted);
    expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    const items: number[] = [];
    for await (const i of client.count({ n: 3 })) items.push(i);
    expect(items).toEqual([0, 1, 2]);

    // The transport's own agent trusts only the system's CAs.
    const untrusted = httpTransport(url);
    cleanups.push(() => untrusted.close());
    const error = await rpcErrorOf(createClient(TestService, untrusted).echo({ x: 1, y: 2 }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(url);
    expect(error.message).toMatch(/certificate/);
  });
});
