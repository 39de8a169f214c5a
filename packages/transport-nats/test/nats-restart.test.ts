import { type ChildProcess, spawn } from "node:child_process";
import { createClient, RpcCode, RpcError } from "@rpcgen/runtime";
import { afterAll, describe, expect, it, vi } from "vitest";
import { natsServerPath, needs } from "../../runtime/test/support/external.js";
import { natsTransport } from "../src/index.js";
import { ReplicaService } from "./fixtures/replica-service.js";
import { killAllReplicas, spawnReplica, uniquePrefix } from "./fixtures/replicas.js";

const started = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of started) child.kill("SIGKILL");
  await killAllReplicas();
});

/**
 * Starts a nats-server of our own on `port` (-1: one it picks) and resolves with the port once
 * it accepts clients, read from its log line.
 */
function startNats(port: number): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(natsServerPath, ["-a", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  started.add(child);
  child.once("exit", () => started.delete(child));
  return new Promise((resolve, reject) => {
    let log = "";
    child.stderr!.setEncoding("utf8").on("data", (text: string) => {
      log += text;
      const match = /Listening for client connections on [\d.]+:(\d+)/.exec(log);
      if (match !== null) resolve({ port: Number(match[1]), child });
    });
    child.once("exit", (code) => reject(new Error(`nats-server exited (${code}):\n${log}`)));
  });
}

function stopNats(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe.runIf(await needs("nats-server", "NATS server restart tests"))(
  "a NATS server restart",
  () => {
    it("fails calls during the outage with unavailable; clients and replicas reconnect after", async () => {
      const first = await startNats(-1);
      const url = `nats://127.0.0.1:${first.port}`;
      const prefix = uniquePrefix();
      await spawnReplica({ prefix, servers: url, label: "r" });
      const transport = natsTransport(url, { subjectPrefix: prefix, heartbeatMs: 250 });
      const client = createClient(ReplicaService, transport);
      try {
        expect(await client.whoami(null)).toBe("r");
        const inFlight = client.work({ ms: 60_000, id: 1 }).catch((error: unknown) => error);
        await stopNats(first.child);
        // The call in flight fails as soon as the client sees the connection go.
        const lost = (await inFlight) as RpcError;
        expect(lost).toBeInstanceOf(RpcError);
        expect(lost.code).toBe(RpcCode.Unavailable);
        expect(lost.message).toContain(`lost the connection to the NATS server at ${url}`);
        // While NATS is down, calls fail at once rather than wait in the client's buffer.
        const during = (await client.whoami(null).catch((error: unknown) => error)) as RpcError;
        expect(during.code).toBe(RpcCode.Unavailable);
        expect(during.message).toContain("unreachable");
        await startNats(first.port);
        // Client and replica both reconnect by themselves; calls succeed again.
        await vi.waitFor(async () => expect(await client.whoami(null)).toBe("r"), {
          timeout: 20_000,
          interval: 100,
        });
      } finally {
        await transport.close();
      }
    });
  },
);
