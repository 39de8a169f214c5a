import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createClient, createServer } from "@rpcgen/runtime";
import { afterEach, describe, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { needs } from "../../runtime/test/support/external.js";
import {
  type ListenTcpOptions,
  listenTcp,
  type TcpListener,
  type TcpTransport,
  tcpTransport,
} from "../src/index.js";
import { makeCertificate } from "./fixtures/certs.js";
import { rmDirs, tempDir } from "./fixtures/util.js";

const opensslHere = await needs("openssl", "TLS URL tests");
const listeners: TcpListener[] = [];
const transports: TcpTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(listeners.splice(0).map((l) => l.close({ graceMs: 100 })));
  rmDirs();
});

async function listen(options: ListenTcpOptions): Promise<TcpListener> {
  const listener = await listenTcp(createServer().add(TestService, testServiceImpl), options);
  listeners.push(listener);
  return listener;
}

function transport(...args: Parameters<typeof tcpTransport>): TcpTransport {
  const t = tcpTransport(...args);
  transports.push(t);
  return t;
}

describe("the URL a listener prints connects back to it", () => {
  test.each([
    ["tcp", () => ({ port: 0 })],
    ["unix", () => ({ path: join(tempDir(), "url.sock") })],
  ] as const)("over %s", async (_kind, options) => {
    const listener = await listen(options());
    const t = transport(listener.url);
    expect(t.url).toBe(listener.url);
    expect(await createClient(TestService, t).echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  });

  test("over tcp on IPv6, bracketed", async (ctx) => {
    const listener = await listen({ host: "::1" }).catch(() => undefined);
    if (listener === undefined) ctx.skip("no IPv6 loopback on this machine");
    expect(listener!.url).toBe(`tcp://[::1]:${listener!.port}`);
    const t = transport(listener!.url);
    expect(await createClient(TestService, t).echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  });

  test("unix: with a single slash and a URL object name the same socket", async () => {
    const path = join(tempDir(), "short.sock");
    const listener = await listen({ path });
    expect(listener.url).toBe(`unix://${path}`);
    for (const url of [`unix:${path}`, new URL(listener.url)]) {
      const t = transport(url);
      expect(t.url).toBe(listener.url);
      expect(await createClient(TestService, t).echo({ x: 3, y: 4 })).toEqual({ x: 3, y: 4 });
    }
  });

  describe.runIf(opensslHere)("with TLS", () => {
    test.each([
      ["tls", (): ListenTcpOptions => ({ port: 0 })],
      ["tls+unix", (): ListenTcpOptions => ({ path: join(tempDir(), "tls.sock") })],
    ] as const)("over %s, with the CA in options.tls", async (_kind, where) => {
      const { certFile, keyFile, ca } = makeCertificate(tempDir());
      const listener = await listen({
        ...where(),
        tls: { cert: readFileSync(certFile), key: readFileSync(keyFile) },
      });
      const t = transport(listener.url, { tls: { ca, servername: "localhost" } });
      expect(t.url).toBe(listener.url);
      expect(await createClient(TestService, t).echo({ x: 5, y: 6 })).toEqual({ x: 5, y: 6 });
    });
  });
});

describe("a URL that cannot be used is refused when the transport is created", () => {
  test.each([
    ["http://127.0.0.1:7000", 'the scheme "http:" is not one'],
    ["127.0.0.1:7000", 'the scheme "127.0.0.1:" is not one'],
    ["localhost", "it has no scheme"],
    ["tcp://127.0.0.1", "it needs a port from 1 to 65535"],
    ["tcp://127.0.0.1:0", "it needs a port from 1 to 65535"],
    ["tcp://127.0.0.1:99999", "it is not a valid URL"],
    ["tcp://127.0.0.1:7000/rpc", "a TCP address has no path, query or fragment"],
    ["tcp://user:pw@127.0.0.1:7000", "it carries user info"],
    ["unix:", "it names no socket path"],
  ])("%s", (url, reason) => {
    expect(() => tcpTransport(url)).toThrow(RangeError);
    expect(() => tcpTransport(url)).toThrow(
      `tcpTransport cannot use ${JSON.stringify(url)}: ${reason}`,
    );
    expect(() => tcpTransport(url)).toThrow(/expected tcp:\/\/host:port, tls:\/\/host:port, unix:/);
  });

  test("TLS options with a plain URL, which would silently connect without TLS", () => {
    expect(() => tcpTransport("tcp://127.0.0.1:7000", { tls: {} })).toThrow(
      /options\.tls asks for TLS but "tcp:\/\/127\.0\.0\.1:7000" is a plain connection; write tls:\/\//,
    );
    expect(() => tcpTransport("unix:/tmp/x.sock", { tls: {} })).toThrow(/write tls\+unix:/);
  });
});

test("the address object forms keep working, and name the same server as the URL", () => {
  expect(transport({ host: "127.0.0.1", port: 7000 }).url).toBe("tcp://127.0.0.1:7000");
  expect(transport("tcp://127.0.0.1:7000").url).toBe("tcp://127.0.0.1:7000");
  expect(transport({ host: "::1", port: 7000 }).url).toBe("tcp://[::1]:7000");
  expect(transport("tcp://[::1]:7000").url).toBe("tcp://[::1]:7000");
  expect(transport({ path: "/run/x.sock" }, { tls: {} }).url).toBe("tls+unix:///run/x.sock");
  expect(transport("tls+unix:/run/x.sock").url).toBe("tls+unix:///run/x.sock");
  expect(transport("TLS://example.com:443").url).toBe("tls://example.com:443");
});
