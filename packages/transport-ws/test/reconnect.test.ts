import { createClient } from "@rpcgen/runtime";
import { afterEach, expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { type WsTransport, wsTransport } from "../src/node.js";
import { killAllServers, spawnServer } from "./fixtures/spawn-server.js";
import { rpcErrorOf } from "./fixtures/util.js";

const transports: WsTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await killAllServers();
});

function transport(...args: Parameters<typeof wsTransport>): WsTransport {
  const t = wsTransport(...args);
  transports.push(t);
  return t;
}

const quickRetry = { initialDelayMs: 20, maxDelayMs: 200 };

test("after the server dies, calls fail unavailable, and the same transport reconnects to its replacement", async () => {
  const first = await spawnServer(["--path", "/rpc"]);
  // Only a transport that waits for ready rides out the restart; the default gives up.
  const t = transport(first.url, { reconnect: quickRetry, waitForReady: true });
  const fast = transport(first.url, { connectAttempts: 1, reconnect: quickRetry });
  const client = createClient(TestService, t);
  const fastClient = createClient(TestService, fast);
  expect(await client.echo({ x: 1, y: 1 })).toEqual({ x: 1, y: 1 });
  expect(await fastClient.echo({ x: 1, y: 1 })).toEqual({ x: 1, y: 1 });

  const inFlight = rpcErrorOf(client.sleep({ ms: 60_000 }));
  await client.echo({ x: 0, y: 0 });
  await first.kill("SIGKILL");
  expect((await inFlight).code).toBe("unavailable");

  expect((await rpcErrorOf(fastClient.echo({ x: 1, y: 1 }))).code).toBe("unavailable");
  const timedOut = await rpcErrorOf(client.echo({ x: 1, y: 1 }, { timeoutMs: 300 }));
  expect(timedOut.code).toBe("unavailable");
  expect(timedOut.message).toContain(t.url);
  expect(timedOut.message).toContain("ECONNREFUSED");

  const waiting = client.echo({ x: 9, y: 9 });
  await expect.poll(() => t.state, { timeout: 5000 }).toBe("backoff");
  await spawnServer(["--path", "/rpc", "--port", String(first.port)]);
  expect(await waiting).toEqual({ x: 9, y: 9 });
  expect(t.state).toBe("open");
  await expect
    .poll(() => fastClient.echo({ x: 3, y: 3 }).catch((e: Error) => e.message), { timeout: 5000 })
    .toEqual({ x: 3, y: 3 });
}, 20_000);

test("kill -9 mid-stream fails the stream and every call in flight with unavailable at once", async () => {
  const doomed = await spawnServer(["--path", "/rpc"]);
  const t = transport(doomed.url, { reconnect: false });
  const c = createClient(TestService, t);
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
  await doomed.kill("SIGKILL");
  const errors = await Promise.all([streamError, ...sleeps]);
  expect(errors.map((e) => e.code)).toEqual(Array(6).fill("unavailable"));
  expect(errors[0]!.message).toMatch(
    /^connection to ws:\/\/127\.0\.0\.1:\d+\/rpc (was closed by the peer|failed: .*) \(close code 1006, abnormal closure\)$/,
  );
}, 15_000);

test("a server sharing its port with HTTP (attachWs) in another process serves every call kind", async () => {
  const server = await spawnServer(["--mode", "attach", "--path", "/rpc"]);
  const health = await fetch(server.url.replace("ws:", "http:").replace("/rpc", "/health"));
  expect(await health.text()).toBe("ok");
  const t = transport(server.url);
  const c = createClient(TestService, t);
  async function* words() {
    yield "x";
    yield "y";
  }
  const replies: string[] = [];
  for await (const r of c.pingPong(words())) replies.push(r);
  expect(replies).toEqual(["pong:x", "pong:y"]);
});
