import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { createClient } from "@rpcgen/runtime";
import { afterEach, expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { wsTransport as browserWsTransport } from "../src/index.js";
import { type WsTransport, wsTransport } from "../src/node.js";
import { freePort, rpcErrorOf } from "./fixtures/util.js";

const transports: WsTransport[] = [];
const servers: NetServer[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const server of servers.splice(0)) server.close();
});

function transport(...args: Parameters<typeof wsTransport>): WsTransport {
  const t = wsTransport(...args);
  transports.push(t);
  return t;
}

test("a refused connection fails unavailable naming the url and the cause", async () => {
  const port = await freePort();
  const t = transport(`ws://127.0.0.1:${port}/rpc`, { reconnect: false });
  const error = await rpcErrorOf(createClient(TestService, t).echo({ x: 1, y: 1 }));
  expect(error.code).toBe("unavailable");
  expect(error.message).toBe(
    `cannot connect to ws://127.0.0.1:${port}/rpc: connect ECONNREFUSED 127.0.0.1:${port}`,
  );
});

test("a server that never answers the upgrade fails the attempt after connectTimeoutMs", async () => {
  const sockets: Socket[] = [];
  const silent = createNetServer((socket) => sockets.push(socket));
  servers.push(silent);
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const port = (silent.address() as { port: number }).port;
  const t = transport(`ws://127.0.0.1:${port}/`, { reconnect: false, connectTimeoutMs: 200 });
  const error = await rpcErrorOf(t.connect());
  expect(error.code).toBe("unavailable");
  expect(error.message).toBe(
    `cannot connect to ws://127.0.0.1:${port}/: no connection within connectTimeoutMs = 200 ms`,
  );
  for (const socket of sockets) socket.destroy();
});

test("a server that accepts the upgrade but is not rpcgen fails the handshake, not hangs", async () => {
  const { WebSocketServer } = await import("ws");
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => wss.once("listening", resolve));
  wss.on("connection", (peer) => peer.send("welcome to the chat"));
  const port = (wss.address() as { port: number }).port;
  const t = transport(`ws://127.0.0.1:${port}/`, { reconnect: false });
  const error = await rpcErrorOf(t.connect());
  expect(error.code).toBe("unavailable");
  expect(error.message).toContain(`cannot connect to ws://127.0.0.1:${port}/`);
  expect(error.message).toContain("text message");
  await new Promise((resolve) => wss.close(resolve));
});

test("urls: http(s) map to ws(s), other schemes and bad options are refused at once", () => {
  expect(transport("http://127.0.0.1:1/rpc").url).toBe("ws://127.0.0.1:1/rpc");
  expect(transport("https://user:pw@example.com/rpc?x=1#frag").url).toBe("wss://example.com/rpc");
  expect(() => wsTransport("tcp://127.0.0.1:1")).toThrow(
    /wsTransport cannot use "tcp:\/\/127\.0\.0\.1:1": .*expected ws:\/\/host\[:port\]\/path or wss:/,
  );
  expect(() => wsTransport("/relative")).toThrow(RangeError);
  expect(() => wsTransport("ws://127.0.0.1:1", { connectTimeoutMs: 0 })).toThrow(RangeError);
  expect(() => wsTransport("ws://127.0.0.1:1", { maxBufferedBytes: -1 })).toThrow(RangeError);
});

test("the browser-safe entry without a global WebSocket (Node 20) says what to do instead", () => {
  const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
  try {
    expect(() => browserWsTransport("ws://127.0.0.1:1/")).toThrow(
      /no WebSocket implementation.*@rpcgen\/transport-ws\/node/,
    );
  } finally {
    if (saved !== undefined) (globalThis as { WebSocket?: unknown }).WebSocket = saved;
  }
});

test("in a browser, a relative url resolves against the page", () => {
  const g = globalThis as { location?: unknown };
  g.location = { href: "https://app.example.com/ui/index.html" };
  try {
    const t = browserWsTransport("/rpc", { WebSocket: class {} as never });
    expect(t.url).toBe("wss://app.example.com/rpc");
  } finally {
    delete g.location;
  }
});
