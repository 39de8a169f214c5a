import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createClient, createServer } from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { needs } from "../../runtime/test/support/external.js";
import { listenTcp, type TcpTransport, tcpTransport } from "../src/index.js";
import { makeCertificate } from "./fixtures/certs.js";
import { killAllServers, type SpawnedServer, spawnServer } from "./fixtures/spawn-server.js";
import { rmDirs, rpcErrorOf, tempDir } from "./fixtures/util.js";

describe.runIf(await needs("openssl", "TLS tests"))("TLS", () => {
  let certFile: string;
  let keyFile: string;
  let ca: Buffer;
  let server: SpawnedServer;
  const transports: TcpTransport[] = [];
  const transport = (...args: Parameters<typeof tcpTransport>): TcpTransport => {
    const t = tcpTransport(...args);
    transports.push(t);
    return t;
  };

  beforeAll(async () => {
    ({ certFile, keyFile, ca } = makeCertificate(tempDir()));
    server = await spawnServer(["--listen", "tls", "--cert", certFile, "--key", keyFile]);
  });

  afterAll(async () => {
    await Promise.all(transports.map((t) => t.close()));
    await killAllServers();
    rmDirs();
  });

  test("calls succeed over TLS when the client trusts the server's CA", async () => {
    expect(server.url).toMatch(/^tls:\/\/127\.0\.0\.1:\d+$/);
    const t = transport(
      { host: "127.0.0.1", port: server.port! },
      { tls: { ca, servername: "localhost" } },
    );
    expect(t.url).toBe(server.url);
    const client = createClient(TestService, t);
    expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    const items: number[] = [];
    for await (const i of client.count({ n: 500 })) items.push(i);
    expect(items.length).toBe(500);
  });

  test("a client that does not trust the certificate fails unavailable, naming the cause", async () => {
    // No deadline: the connect budget alone ends the call.
    const t = transport({ host: "127.0.0.1", port: server.port! }, { tls: {} });
    const error = await rpcErrorOf(createClient(TestService, t).echo({ x: 1, y: 2 }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(server.url);
    expect(error.message).toMatch(/self[- ]signed certificate/);
  });

  test("a plain TCP client against the TLS port fails unavailable instead of hanging", async () => {
    const t = transport({ host: "127.0.0.1", port: server.port! }, { connectTimeoutMs: 5000 });
    const error = await rpcErrorOf(createClient(TestService, t).echo({ x: 1, y: 2 }));
    expect(error.code).toBe("unavailable");
  });

  test("TLS over a Unix socket", async () => {
    const path = join(tempDir(), "tls.sock");
    const listener = await listenTcp(createServer().add(TestService, testServiceImpl), {
      path,
      tls: { cert: ca, key: readFileSync(keyFile) },
    });
    try {
      expect(listener.url).toBe(`tls+unix://${path}`);
      const t = transport({ path }, { tls: { ca, servername: "localhost" } });
      expect(await createClient(TestService, t).echo({ x: 5, y: 6 })).toEqual({ x: 5, y: 6 });
      await t.close();
    } finally {
      await listener.close({ graceMs: 100 });
    }
  });
});
