import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, createServer, type Server } from "@rpcgen/runtime";
import { afterEach, beforeEach, expect, test } from "vitest";
import { pushable } from "../../runtime/test/conformance/pushable.js";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { attachWs, wsTransport } from "../src/node.js";
import { rawPeer, rpcErrorOf } from "./fixtures/util.js";

let http: HttpServer;
let server: Server;
let base: string;

beforeEach(async () => {
  server = createServer().add(TestService, testServiceImpl);
  // A plain node:http server with routes of its own, as the HTTP transport or an app has.
  http = createHttpServer((request, response) => {
    if (request.url === "/health") response.writeHead(200).end("ok");
    else response.writeHead(404).end("no such route");
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

test("one port serves plain HTTP routes and rpcgen over WebSocket, every call kind included", async () => {
  const endpoint = attachWs(server, http, { path: "/rpc" });
  const transport = wsTransport(`ws://${base}/rpc`);
  const client = createClient(TestService, transport);
  try {
    const health = await fetch(`http://${base}/health`);
    expect(await health.text()).toBe("ok");
    expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    async function* points() {
      for (let i = 0; i < 10; i++) yield { x: i, y: 0 };
    }
    expect(await client.sum(points())).toBe(45);
    const words = pushable<string>();
    const replies = client.pingPong(words)[Symbol.asyncIterator]();
    words.push("a");
    expect((await replies.next()).value).toBe("pong:a");
    words.end();
    expect((await replies.next()).done).toBe(true);
    expect((await fetch(`http://${base}/other`)).status).toBe(404);
    expect(endpoint.connections).toBe(1);
  } finally {
    await transport.close();
    await endpoint.close();
  }
});

test("the query string is ignored when matching the path, and kept out of error messages", async () => {
  const endpoint = attachWs(server, http, { path: "/rpc" });
  const transport = wsTransport(`ws://${base}/rpc?token=s3cret`, { reconnect: false });
  try {
    expect(await createClient(TestService, transport).echo({ x: 1, y: 1 })).toEqual({ x: 1, y: 1 });
    expect(transport.url).toBe(`ws://${base}/rpc`);
  } finally {
    await transport.close();
    await endpoint.close();
  }
  const refused = wsTransport(`ws://${base}/rpc?token=s3cret`, { reconnect: false });
  const error = await rpcErrorOf(refused.connect());
  expect(error.message).not.toContain("s3cret");
  await refused.close();
});

test("an upgrade for another path is answered 404 when no other listener takes it", async () => {
  const endpoint = attachWs(server, http, { path: "/rpc" });
  const transport = wsTransport(`ws://${base}/elsewhere`, { reconnect: false });
  const error = await rpcErrorOf(transport.connect());
  expect(error.code).toBe("unavailable");
  expect(error.message).toBe(
    `cannot connect to ws://${base}/elsewhere: Unexpected server response: 404`,
  );
  await transport.close();
  await endpoint.close();
});

test("two endpoints on one server each take their own path and leave the other's alone", async () => {
  const other = createServer().add(TestService, {
    ...testServiceImpl,
    echo: (p: { x: number; y: number }) => ({ x: -p.x, y: -p.y }),
  });
  const first = attachWs(server, http, { path: "/a" });
  const second = attachWs(other, http, { path: "/b" });
  const a = wsTransport(`ws://${base}/a`);
  const b = wsTransport(`ws://${base}/b`);
  try {
    expect(await createClient(TestService, a).echo({ x: 1, y: 1 })).toEqual({ x: 1, y: 1 });
    expect(await createClient(TestService, b).echo({ x: 1, y: 1 })).toEqual({ x: -1, y: -1 });
  } finally {
    await Promise.all([a.close(), b.close()]);
    await Promise.all([first.close(), second.close()]);
  }
});

test("close drains the endpoint's connections and detaches it, but leaves the HTTP server serving", async () => {
  const endpoint = attachWs(server, http, { path: "/rpc" });
  const transport = wsTransport(`ws://${base}/rpc`, { reconnect: false });
  const client = createClient(TestService, transport);
  await transport.connect();
  const inFlight = client.sleep({ ms: 200 });
  await client.echo({ x: 0, y: 0 });
  const closing = endpoint.close({ graceMs: 5000 });
  // During the drain new upgrades are refused with 503.
  const late = wsTransport(`ws://${base}/rpc`, { reconnect: false });
  expect((await rpcErrorOf(late.connect())).message).toContain("503");
  expect(await inFlight).toBe("woke");
  await closing;
  expect(endpoint.connections).toBe(0);
  expect(http.listenerCount("upgrade")).toBe(0);
  expect(await (await fetch(`http://${base}/health`)).text()).toBe("ok");
  await Promise.all([transport.close(), late.close()]);
});

test("close aborts calls still running after graceMs with unavailable", async () => {
  const endpoint = attachWs(server, http, { path: "/rpc" });
  const transport = wsTransport(`ws://${base}/rpc`, { reconnect: false });
  const client = createClient(TestService, transport);
  await transport.connect();
  const stuck = rpcErrorOf(client.sleep({ ms: 60_000 }));
  await client.echo({ x: 0, y: 0 });
  await endpoint.close({ graceMs: 50 });
  expect((await stuck).code).toBe("unavailable");
  await transport.close();
});

test("allowOrigins refuses other browser origins with 403 and lets clients without Origin in", async () => {
  const endpoint = attachWs(server, http, {
    path: "/rpc",
    allowOrigins: ["https://app.example.com", "http://localhost:5173"],
  });
  try {
    const evil = await rawPeer(`ws://${base}/rpc`, { origin: "https://evil.example" }).catch(
      (e: Error) => e,
    );
    expect(String(evil)).toContain("Unexpected server response: 403");
    // Browsers serialize origins in lower case; the comparison does not depend on it.
    const good = await rawPeer(`ws://${base}/rpc`, { origin: "HTTPS://APP.example.com" });
    good.socket.close();
    const viaTransport = wsTransport(`ws://${base}/rpc`, {
      ws: { origin: "https://evil.example" },
      reconnect: false,
    });
    const refused = await rpcErrorOf(viaTransport.connect());
    expect(refused.code).toBe("unavailable");
    expect(refused.message).toContain("403");
    await viaTransport.close();
    const noOrigin = wsTransport(`ws://${base}/rpc`);
    expect(await createClient(TestService, noOrigin).echo({ x: 1, y: 1 })).toEqual({ x: 1, y: 1 });
    await noOrigin.close();
  } finally {
    await endpoint.close();
  }
});

test("allowOrigins as a function decides, and can refuse requests without an Origin", async () => {
  const seen: (string | undefined)[] = [];
  const endpoint = attachWs(server, http, {
    path: "/rpc",
    allowOrigins: (origin) => {
      seen.push(origin);
      return origin?.endsWith(".example.com") === true;
    },
  });
  try {
    const bare = wsTransport(`ws://${base}/rpc`, { reconnect: false });
    expect((await rpcErrorOf(bare.connect())).message).toContain("403");
    await bare.close();
    const ok = wsTransport(`ws://${base}/rpc`, { ws: { origin: "https://a.example.com" } });
    expect(await createClient(TestService, ok).echo({ x: 2, y: 2 })).toEqual({ x: 2, y: 2 });
    await ok.close();
    expect(seen).toEqual([undefined, "https://a.example.com"]);
  } finally {
    await endpoint.close();
  }
});

test("malformed allowOrigins entries and paths are refused up front", () => {
  expect(() =>
    attachWs(server, http, { path: "/rpc", allowOrigins: ["https://app.example.com/"] }),
  ).toThrow(RangeError);
  expect(() => attachWs(server, http, { path: "rpc" })).toThrow(RangeError);
  expect(http.listenerCount("upgrade")).toBe(0);
});
