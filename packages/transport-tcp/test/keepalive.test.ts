import { createClient, RpcCode } from "@rpcgen/runtime";
import { afterAll, expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { tcpTransport } from "../src/index.js";
import { killAllServers, spawnServer } from "./fixtures/spawn-server.js";
import { rpcErrorOf } from "./fixtures/util.js";

afterAll(async () => {
  await killAllServers();
});

test("keepalive fails calls in flight when the server process freezes (SIGSTOP)", async () => {
  const server = await spawnServer(["--listen", "tcp"]);
  const transport = tcpTransport(
    { host: "127.0.0.1", port: server.port! },
    { limits: { keepaliveIntervalMs: 100, keepaliveTimeoutMs: 300 } },
  );
  try {
    const client = createClient(TestService, transport);
    expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    const inFlight = rpcErrorOf(client.sleep({ ms: 60_000 }));
    // A stopped process keeps its socket open but answers nothing: a half-open peer.
    server.child.kill("SIGSTOP");
    const error = await inFlight;
    expect(error.code).toBe(RpcCode.Unavailable);
    expect(error.message).toContain("keepaliveTimeoutMs = 300");
  } finally {
    server.child.kill("SIGCONT");
    await transport.close();
    await server.kill("SIGKILL");
  }
});
