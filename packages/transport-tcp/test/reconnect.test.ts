import { join } from "node:path";
import { createClient } from "@rpcgen/runtime";
import { afterEach, describe, expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { type TcpAddress, type TcpTransport, tcpTransport } from "../src/index.js";
import { killAllServers, spawnServer } from "./fixtures/spawn-server.js";
import { rmDirs, rpcErrorOf, tempDir } from "./fixtures/util.js";

const transports: TcpTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await killAllServers();
  rmDirs();
});

function transport(...args: Parameters<typeof tcpTransport>): TcpTransport {
  const t = tcpTransport(...args);
  transports.push(t);
  return t;
}

const quickRetry = { initialDelayMs: 20, maxDelayMs: 200 };

describe.each(["tcp", "unix"] as const)("over %s", (kind) => {
  test("after the server dies, calls fail unavailable, and the same transport reconnects to its replacement", async () => {
    // The replacement listens on the same port or path; on Unix it has to replace the dead
    // server's stale socket file to do so.
    const path = join(tempDir(), "server.sock");
    const args = kind === "tcp" ? ["--listen", "tcp"] : ["--listen", "unix", "--path", path];
    const first = await spawnServer(args);
    const address: TcpAddress =
      kind === "tcp" ? { host: "127.0.0.1", port: first.port! } : { path };
    const replacementArgs =
      kind === "tcp" ? ["--listen", "tcp", "--port", String(first.port)] : args;

    // Only a transport that waits for ready rides out the restart; the default gives up.
    const t = transport(address, { reconnect: quickRetry, waitForReady: true });
    const fast = transport(address, { connectAttempts: 1, reconnect: quickRetry });
    const client = createClient(TestService, t);
    const fastClient = createClient(TestService, fast);
    expect(await client.echo({ x: 1, y: 1 })).toEqual({ x: 1, y: 1 });
    expect(await fastClient.echo({ x: 1, y: 1 })).toEqual({ x: 1, y: 1 });

    const inFlight = rpcErrorOf(client.sleep({ ms: 60_000 }));
    await client.echo({ x: 0, y: 0 });
    await first.kill("SIGKILL");
    expect((await inFlight).code).toBe("unavailable");

    // While nothing listens: with connectAttempts 1 a call fails after one failed attempt, a
    // call waiting for ready with a deadline fails when it runs out.
    expect((await rpcErrorOf(fastClient.echo({ x: 1, y: 1 }))).code).toBe("unavailable");
    const timedOut = await rpcErrorOf(client.echo({ x: 1, y: 1 }, { timeoutMs: 300 }));
    expect(timedOut.code).toBe("unavailable");
    expect(timedOut.message).toContain(t.url);
    expect(timedOut.message).toMatch(/ECONNREFUSED|ENOENT/);

    // A call with no deadline waits through the backoff and lands on the replacement.
    const waiting = client.echo({ x: 9, y: 9 });
    await expect.poll(() => t.state, { timeout: 5000 }).toBe("backoff");
    await spawnServer(replacementArgs);
    expect(await waiting).toEqual({ x: 9, y: 9 });
    expect(t.state).toBe("open");
    expect(await client.echo({ x: 2, y: 2 })).toEqual({ x: 2, y: 2 });
    // The other transport recovers too, once its pending retry is due.
    await expect
      .poll(() => fastClient.echo({ x: 3, y: 3 }).catch((e: Error) => e.message), {
        timeout: 5000,
      })
      .toEqual({ x: 3, y: 3 });
  }, 20_000);
});

test("a call waiting for ready with a deadline against a server that never comes back fails unavailable, not hangs", async () => {
  const server = await spawnServer(["--listen", "tcp"]);
  const t = transport(
    { host: "127.0.0.1", port: server.port! },
    { reconnect: quickRetry, waitForReady: true },
  );
  const client = createClient(TestService, t);
  await t.connect();
  await server.kill("SIGKILL");
  const error = await rpcErrorOf(client.sleep({ ms: 10 }, { timeoutMs: 500 }));
  // Documented: a call that never got a connection fails `unavailable` (with the last connect
  // error), not `deadline_exceeded`, because the server never saw it.
  expect(error.code).toBe("unavailable");
  expect(error.message).toContain("deadline");
});
