import { createClient } from "@rpcgen/runtime";
import { afterEach, expect, test } from "vitest";
import { pushable } from "../../runtime/test/conformance/pushable.js";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { type WsTransport, wsTransport } from "../src/node.js";
import { killAllServers, spawnServer } from "./fixtures/spawn-server.js";
import { rpcErrorOf } from "./fixtures/util.js";

let transport: WsTransport | undefined;

afterEach(async () => {
  await transport?.close();
  await killAllServers();
});

test("SIGTERM drains the server: the call in flight succeeds, later calls are never lost, and the process exits 0", async () => {
  const first = await spawnServer(["--path", "/rpc"]);
  // waitForReady: a call without a deadline rides out the restart below.
  transport = wsTransport(first.url, {
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    waitForReady: true,
  });
  const client = createClient(TestService, transport);
  await transport.connect();

  const inFlight = client.sleep({ ms: 300 });
  await client.echo({ x: 0, y: 0 });
  first.child.kill("SIGTERM");
  await expect.poll(() => transport!.state, { timeout: 5000 }).not.toBe("open");

  const refused = await rpcErrorOf(client.echo({ x: 1, y: 1 }, { timeoutMs: 500 }));
  expect(refused.code).toBe("unavailable");

  expect(await inFlight).toBe("woke");
  expect(await first.exited).toEqual({ code: 0, signal: null });

  const waiting = client.echo({ x: 2, y: 2 });
  await spawnServer(["--path", "/rpc", "--port", String(first.port)]);
  expect(await waiting).toEqual({ x: 2, y: 2 });
  expect(transport.state).toBe("open");
}, 20_000);

test("after a goaway new calls go to a fresh connection while a bidi call continues on the old one", async () => {
  const first = await spawnServer(["--path", "/rpc", "--grace-ms", "15000"]);
  transport = wsTransport(first.url, { reconnect: { initialDelayMs: 20, maxDelayMs: 200 } });
  const client = createClient(TestService, transport);
  const words = pushable<string>();
  const replies = client.pingPong(words)[Symbol.asyncIterator]();
  words.push("before");
  expect((await replies.next()).value).toBe("pong:before");

  first.child.kill("SIGTERM");
  await expect.poll(() => transport!.state, { timeout: 5000 }).not.toBe("open");
  const second = await spawnServer(["--path", "/rpc", "--port", String(first.port)]);
  expect(await client.echo({ x: 4, y: 4 })).toEqual({ x: 4, y: 4 });

  words.push("after");
  expect((await replies.next()).value).toBe("pong:after");
  expect(first.child.exitCode).toBeNull();
  words.end();
  expect((await replies.next()).done).toBe(true);
  expect(await first.exited).toEqual({ code: 0, signal: null });
  expect(await client.echo({ x: 5, y: 5 })).toEqual({ x: 5, y: 5 });
  await second.kill("SIGTERM");
}, 20_000);
