import { join } from "node:path";
import { type ClientOf, createClient, RpcCode } from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TestService, type TestServiceApi } from "../../runtime/test/fixtures/echo-service.js";
import { type TcpAddress, type TcpTransport, tcpTransport } from "../src/index.js";
import { killAllServers, type SpawnedServer, spawnServer } from "./fixtures/spawn-server.js";
import { rmDirs, rpcErrorOf, tempDir } from "./fixtures/util.js";

afterAll(async () => {
  await killAllServers();
  rmDirs();
});

/** Spawns the fixture server on TCP or a fresh Unix socket path. */
async function start(
  kind: "tcp" | "unix",
): Promise<{ server: SpawnedServer; address: TcpAddress }> {
  const server =
    kind === "tcp"
      ? await spawnServer(["--listen", "tcp"])
      : await spawnServer(["--listen", "unix", "--path", join(tempDir(), "server.sock")]);
  const address =
    kind === "tcp" ? { host: "127.0.0.1", port: server.port! } : { path: server.path! };
  return { server, address };
}

async function* points(n: number) {
  for (let i = 0; i < n; i++) yield { x: i, y: 1 };
}

async function* words(list: readonly string[]) {
  for (const w of list) yield w;
}

describe.each(["tcp", "unix"] as const)("against a server in another process over %s", (kind) => {
  let transport: TcpTransport;
  let client: ClientOf<TestServiceApi>;
  let server: SpawnedServer;

  beforeAll(async () => {
    const started = await start(kind);
    server = started.server;
    transport = tcpTransport(started.address);
    client = createClient(TestService, transport);
  });

  afterAll(async () => {
    await transport.close();
    await server.kill("SIGTERM");
  });

  test("the url names the transport", () => {
    expect(transport.url).toBe(server.url);
  });

  test("unary calls, errors and metadata", async () => {
    expect(await client.echo({ x: 1.5, y: -2 })).toEqual({ x: 1.5, y: -2 });
    const bytes = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(await client.echoBytes(bytes)).toEqual(bytes);
    const failed = await rpcErrorOf(
      client.fail({ code: RpcCode.NotFound, message: "no such ride" }),
    );
    expect(failed).toMatchObject({ code: "not_found", message: "no such ride" });
    const crashed = await rpcErrorOf(client.crash(null));
    expect(crashed).toMatchObject({ code: "internal", message: "internal error" });
    let headers: Record<string, string> | undefined;
    const echoed = await client.headers(null, {
      metadata: { "x-request": "abc" },
      onHeaders: (h) => {
        headers = h;
      },
    });
    expect(echoed).toMatchObject({ "x-request": "abc" });
    expect(headers).toMatchObject({ "x-echo": "abc" });
  });

  test("many concurrent calls share the one connection", async () => {
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => client.echo({ x: i, y: i })),
    );
    expect(results.every((r, i) => r.x === i)).toBe(true);
  });

  test("a server stream delivers every item in order", async () => {
    const items: number[] = [];
    for await (const i of client.count({ n: 2000 })) items.push(i);
    expect(items.length).toBe(2000);
    expect(items.every((v, i) => v === i)).toBe(true);
  });

  test("a client stream longer than the flow-control window", async () => {
    expect(await client.sum(points(1000))).toBe((999 * 1000) / 2 + 1000);
  });

  test("a bidi stream", async () => {
    const replies: string[] = [];
    for await (const r of client.pingPong(words(["a", "b", "c"]))) replies.push(r);
    expect(replies).toEqual(["pong:a", "pong:b", "pong:c"]);
  });

  test("a deadline aborts the server's handler", async () => {
    const error = await rpcErrorOf(client.sleep({ ms: 5000 }, { timeoutMs: 100 }));
    expect(error.code).toBe("deadline_exceeded");
    await expect.poll(() => client.lastAbort(null)).toBe("deadline_exceeded");
  });

  test("killing the server with SIGKILL fails a stream mid-iteration and every call in flight with unavailable", async () => {
    const doomed = await start(kind);
    const victim = tcpTransport(doomed.address);
    try {
      const c = createClient(TestService, victim);
      const stream = c.countSlowly({ n: 100_000 })[Symbol.asyncIterator]();
      expect((await stream.next()).value).toBe(0);
      const sleeps = Array.from({ length: 5 }, () => rpcErrorOf(c.sleep({ ms: 60_000 })));
      // A few more items prove the sleeps' frames, sent before them, reached the server.
      for (let i = 1; i <= 3; i++) expect((await stream.next()).value).toBe(i);
      const streamError = rpcErrorOf(
        (async () => {
          for (;;) await stream.next();
        })(),
      );
      await doomed.server.kill("SIGKILL");
      const errors = await Promise.all([streamError, ...sleeps]);
      expect(errors.map((e) => e.code)).toEqual(Array(6).fill("unavailable"));
      expect(errors[0]!.message).toMatch(/connection to (tcp|unix):/);
    } finally {
      await victim.close();
    }
  }, 15_000);
});
