import { connect, type NatsConnection } from "@nats-io/transport-node";
import { createClient, type RpcError } from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { natsUrl, needs } from "../../runtime/test/support/external.js";
import { natsTransport, replicaStats } from "../src/index.js";
import { killAllReplicas, spawnReplica, uniquePrefix } from "./fixtures/replicas.js";

afterAll(killAllReplicas);

/** Every answer to a plain NATS request on a `$SRV` subject, from this test's replicas. */
async function ask<T>(nc: NatsConnection, subject: string, prefix: string): Promise<T[]> {
  const answers = await nc.requestMany(subject, "", {
    strategy: "stall",
    stall: 300,
    maxWait: 5000,
  });
  const ours: T[] = [];
  for await (const answer of answers) {
    const record = answer.json<T & { metadata?: Record<string, string> }>();
    if (record.metadata?.["rpcgen.prefix"] === prefix) ours.push(record);
  }
  return ours;
}

interface Endpoint {
  name: string;
  subject: string;
  queue_group?: string;
  metadata?: Record<string, string>;
}
interface EndpointStats {
  name: string;
  num_requests: number;
  num_errors: number;
  processing_time: number;
  average_processing_time: number;
  last_error?: string;
  data?: { kind: string; calls: number; errors: number; in_flight: number };
}

describe.runIf(await needs("nats", "NATS discovery tests"))(
  "discovery with the NATS service API",
  () => {
    const prefix = uniquePrefix();
    let nc: NatsConnection;

    beforeAll(async () => {
      await Promise.all([spawnReplica({ prefix }), spawnReplica({ prefix })]);
      nc = await connect({ servers: natsUrl });
      const transport = natsTransport(natsUrl, { subjectPrefix: prefix });
      const client = createClient(TestService, transport);
      for (let i = 0; i < 10; i++) await client.echo({ x: i, y: 1 });
      for (let i = 0; i < 3; i++) {
        await client.fail({ code: "not_found", message: `no ${i}` }).catch((e: RpcError) => e);
      }
      await client.sleep({ ms: 20 });
      for await (const _ of client.count({ n: 3 })) {
        // drain
      }
      await transport.close();
    });
    afterAll(async () => {
      await nc?.close();
    });

    it("$SRV.PING lists every running replica", async () => {
      const pings = await ask<{ name: string; id: string; version: string }>(
        nc,
        "$SRV.PING.TestService",
        prefix,
      );
      expect(pings).toHaveLength(2);
      expect(new Set(pings.map((p) => p.id)).size).toBe(2);
      for (const ping of pings)
        expect(ping).toMatchObject({ name: "TestService", version: "1.0.0" });
    });

    it("$SRV.INFO names each method's subject, queue group and kind", async () => {
      const infos = await ask<{ endpoints: Endpoint[] }>(nc, "$SRV.INFO.TestService", prefix);
      expect(infos).toHaveLength(2);
      const echo = infos[0]!.endpoints.find((e) => e.name === "echo");
      expect(echo).toEqual({
        name: "echo",
        subject: `${prefix}.TestService.echo`,
        queue_group: "rpcgen",
        metadata: { "rpcgen.path": "TestService/echo", "rpcgen.kind": "unary" },
      });
      const count = infos[0]!.endpoints.find((e) => e.name === "count");
      expect(count?.metadata?.["rpcgen.kind"]).toBe("server_stream");
    });

    it("$SRV.STATS counts each method's calls, errors and time, summed over replicas", async () => {
      const stats = await ask<{ endpoints: EndpointStats[] }>(nc, "$SRV.STATS.TestService", prefix);
      expect(stats).toHaveLength(2);
      const total = (name: string) => {
        const all = stats.map((s) => s.endpoints.find((e) => e.name === name)!);
        return {
          calls: all.reduce((n, e) => n + e.num_requests, 0),
          errors: all.reduce((n, e) => n + e.num_errors, 0),
          time: all.reduce((n, e) => n + e.processing_time, 0),
          lastErrors: all.map((e) => e.last_error).filter((m) => m !== undefined && m !== ""),
          data: all.map((e) => e.data!),
        };
      };
      const echo = total("echo");
      expect(echo).toMatchObject({ calls: 10, errors: 0 });
      expect(echo.data.every((d) => d.kind === "unary" && d.in_flight === 0)).toBe(true);
      const fail = total("fail");
      expect(fail).toMatchObject({ calls: 3, errors: 3 });
      expect(fail.lastErrors[0]).toMatch(/^no \d$/);
      // The sleep's 20 ms are in its processing time: time runs to the call's end.
      expect(total("sleep").time).toBeGreaterThanOrEqual(20e6);
      expect(total("count")).toMatchObject({ calls: 1, errors: 0 });
    });

    it("replicaStats reads the same records for a replica's URL", async () => {
      const replicas = await replicaStats(`${natsUrl}/${prefix}`, "TestService");
      expect(replicas).toHaveLength(2);
      const echo = replicas.flatMap((r) => r.endpoints.filter((e) => e.name === "echo"));
      expect(echo.reduce((n, e) => n + e.calls, 0)).toBe(10);
      expect(echo[0]!.subject).toBe(`${prefix}.TestService.echo`);
    });
  },
);
