import { createClient, RpcCode } from "@rpcgen/runtime";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { needs } from "../../runtime/test/support/external.js";
import { natsTransport } from "../src/index.js";
import { steadyLoad } from "./fixtures/load.js";
import { ReplicaService } from "./fixtures/replica-service.js";
import { killAllReplicas, natsUrl, spawnReplica, uniquePrefix } from "./fixtures/replicas.js";

// Short enough that a dead replica's calls fail long before their deadline, long enough that
// a live one starved of CPU by a loaded machine is not taken for dead.
const heartbeatMs = 1000;
const transports: { close(): Promise<void> }[] = [];
const loads: { stop(): Promise<unknown> }[] = [];

afterEach(async () => {
  await Promise.all(loads.splice(0).map((l) => l.stop()));
  await Promise.all(transports.splice(0).map((t) => t.close()));
});
afterAll(killAllReplicas);

function client(prefix: string) {
  const transport = natsTransport(natsUrl, { subjectPrefix: prefix, heartbeatMs });
  transports.push(transport);
  return createClient(ReplicaService, transport);
}

/** Collects the ids a replica prints as `worked <id>`. */
function workedIds(replica: { child: { stdout: NodeJS.ReadableStream | null } }): Set<number> {
  const ids = new Set<number>();
  let buffered = "";
  replica.child.stdout!.on("data", (text: string) => {
    buffered += text;
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith("worked ")) ids.add(Number(line.slice(7)));
  });
  return ids;
}

// Each test starts three to six replica processes; on a loaded machine that alone takes
// seconds per process, so these tests get more time than the default.
describe.runIf(await needs("nats", "NATS replica tests"))(
  "replicas behind NATS",
  { timeout: 120_000 },
  () => {
    it("spreads 3,000 calls over 3 replica processes, each taking at least 20 %", async () => {
      const prefix = uniquePrefix();
      await Promise.all(["a", "b", "c"].map((label) => spawnReplica({ prefix, label })));
      const replicas = client(prefix);
      const split = new Map<string, number>();
      let next = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < 3000) {
            next += 1;
            const label = await replicas.whoami(null);
            split.set(label, (split.get(label) ?? 0) + 1);
          }
        }),
      );
      const shares = ["a", "b", "c"].map((label) => split.get(label) ?? 0);
      process.stderr.write(`spread of 3000 calls over replicas a/b/c: ${shares.join("/")}\n`);
      expect(shares.reduce((x, y) => x + y)).toBe(3000);
      for (const share of shares) expect(share).toBeGreaterThanOrEqual(600);
    });

    it("restarting each replica in turn under steady load fails no call", async () => {
      const prefix = uniquePrefix();
      const running = await Promise.all(
        ["a", "b", "c"].map((label) => spawnReplica({ prefix, label })),
      );
      const replicas = client(prefix);
      const load = steadyLoad(16, (id) => replicas.work({ ms: 5, id }, { timeoutMs: 20_000 }));
      loads.push(load);
      await load.after(100);
      const stops: number[] = [];
      for (let i = 0; i < running.length; i++) {
        const t0 = performance.now();
        const exit = await running[i]!.kill("SIGTERM");
        stops.push(Math.round(performance.now() - t0));
        expect(exit.code).toBe(0);
        running[i] = await spawnReplica({ prefix, label: `${"abc"[i]}2` });
        // The new replica takes calls before the next one goes down.
        await load.after(100);
      }
      const outcomes = await load.stop();
      const failed = outcomes.filter((o) => o.error !== undefined);
      const labels = new Set(outcomes.map((o) => o.label));
      process.stderr.write(
        `rolling restart: ${outcomes.length} calls, ${failed.length} failed, answered by ${[...labels].sort().join(", ")}; graceful stops took ${stops.join(", ")} ms\n`,
      );
      expect(failed.map((o) => o.error!.message)).toEqual([]);
      for (const label of ["a2", "b2", "c2"]) expect(labels).toContain(label);
    });

    it("kill -9 of one replica fails only its calls in flight, with unavailable, and runs no call twice", async () => {
      const prefix = uniquePrefix();
      const [a, b, c] = await Promise.all(
        ["a", "b", "c"].map((label) => spawnReplica({ prefix, label })),
      );
      const worked = { a: workedIds(a!), b: workedIds(b!), c: workedIds(c!) };
      const replicas = client(prefix);
      const load = steadyLoad(12, (id) => replicas.work({ ms: 40, id }, { timeoutMs: 60_000 }));
      loads.push(load);
      await load.after(150);
      const killedAt = performance.now();
      await b!.kill("SIGKILL");
      // Every call in flight at the kill ends (none hangs), then the survivors answer the next.
      await load.inFlightEnded();
      const later = load.nextId;
      await load.after(200);
      const outcomes = await load.stop();
      const failed = outcomes.filter((o) => o.error !== undefined);
      const slowest = Math.max(0, ...failed.map((o) => o.at - killedAt));
      process.stderr.write(
        `kill -9 under load: ${outcomes.length} calls, ${failed.length} failed unavailable (in flight on the killed replica), the last ${Math.round(slowest)} ms after the kill (heartbeatMs = ${heartbeatMs})\n`,
      );
      for (const { error } of failed) {
        expect(error!.code).toBe(RpcCode.Unavailable);
        expect(error!.message).toContain(`heartbeatMs = ${2 * heartbeatMs} ms`);
      }
      const late = outcomes.filter((o) => o.id >= later);
      expect(late.length).toBeGreaterThanOrEqual(200);
      expect(late.filter((o) => o.label !== "a" && o.label !== "c")).toEqual([]);
      // Each replica logs a call it ran on its stdout, which may arrive after the reply did:
      // wait until every answered call shows in its replica's log.
      await vi.waitFor(
        () => {
          for (const o of outcomes) {
            if (o.label === "a") expect(worked.a.has(o.id)).toBe(true);
            if (o.label === "c") expect(worked.c.has(o.id)).toBe(true);
          }
        },
        { timeout: 20_000 },
      );
      // NATS delivered each call to one replica: no id ran on two, no failed call ran elsewhere.
      for (const id of worked.a) expect(worked.c.has(id)).toBe(false);
      for (const { id } of failed) {
        expect(worked.a.has(id) || worked.c.has(id)).toBe(false);
      }
    });
  },
);
