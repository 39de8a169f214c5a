import { createClient } from "@rpcgen/runtime";
import { afterEach, expect, test } from "vitest";
import { pushable } from "../../runtime/test/conformance/pushable.js";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { type TcpTransport, tcpTransport } from "../src/index.js";
import { killAllServers, spawnServer } from "./fixtures/spawn-server.js";
import { rpcErrorOf } from "./fixtures/util.js";

let transport: TcpTransport | undefined;

afterEach(async () => {
  await transport?.close();
  await killAllServers();
});

test("SIGTERM drains the server: the call in flight succeeds, later calls are never lost, and the process exits 0", async () => {
  const first = await spawnServer(["--listen", "tcp"]);
  // waitForReady: a call without a deadline rides out the restart below.
  transport = tcpTransport(
    { host: "127.0.0.1", port: first.port! },
    { reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, waitForReady: true },
  );
  const client = createClient(TestService, transport);
  await transport.connect();

  const inFlight = client.sleep({ ms: 300 });
  // The echo's answer proves the sleep call, sent before it, reached the server first.
  await client.echo({ x: 0, y: 0 });
  first.child.kill("SIGTERM");
  // The goaway arrives: the connection finishes its call but takes no new ones.
  await expect.poll(() => transport!.state, { timeout: 5000 }).not.toBe("open");

  // With nothing accepting connections, a call made now fails unavailable at its deadline.
  const refused = await rpcErrorOf(client.echo({ x: 1, y: 1 }, { timeoutMs: 500 }));
  expect(refused.code).toBe("unavailable");

  expect(await inFlight).toBe("woke");
  expect(await first.exited).toEqual({ code: 0, signal: null });

  // A call that waits for ready without a deadline goes through once a new server is there.
  const waiting = client.echo({ x: 2, y: 2 });
  await spawnServer(["--listen", "tcp", "--port", String(first.port)]);
  expect(await waiting).toEqual({ x: 2, y: 2 });
  expect(transport.state).toBe("open");
}, 20_000);

test("after a goaway new calls go to a fresh connection while an old call continues on the old one", async () => {
  const first = await spawnServer(["--listen", "tcp", "--grace-ms", "15000"]);
  transport = tcpTransport(
    { host: "127.0.0.1", port: first.port! },
    { reconnect: { initialDelayMs: 20, maxDelayMs: 200 } },
  );
  const client = createClient(TestService, transport);
  // A bidi call paced by the test, so "still in flight" does not depend on timing.
  const words = pushable<string>();
  const replies = client.pingPong(words)[Symbol.asyncIterator]();
  words.push("before");
  expect((await replies.next()).value).toBe("pong:before");

  first.child.kill("SIGTERM");
  await expect.poll(() => transport!.state, { timeout: 5000 }).not.toBe("open");
  // The old process stopped listening at once; a replacement takes the port while the old
  // connection is still draining.
  const second = await spawnServer(["--listen", "tcp", "--port", String(first.port)]);
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
