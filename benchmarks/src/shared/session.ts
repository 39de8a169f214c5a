import { resolve } from "node:path";
import type { PeerSpec } from "../peers/index.js";
import { cpuTimes, foreignShare } from "./machine.js";
import type {
  ClientConfig,
  ClientStep,
  RoundResult,
  ServerConfig,
  ServerStats,
} from "./protocol.js";
import type { ScenarioName } from "./scenarios.js";
import { benchDir, PeerProcess } from "./spawn.js";

/**
 * One session: a server process and a client process of one peer, running a list of steps.
 *
 *   harness                        server                      client
 *   spawn server (t0), client      starts, listens             starts, loads the peer
 *                                  ready {port}           ->   (waits for the port)
 *   start {port}              ------------------------------>  connects, first call
 *                                                         <-   first-reply   (cold start ends)
 *   per step: stats  ---------->   server-stats (peak reset)
 *             go     ------------------------------------->   runs the step
 *             [idle: idle-ready <-; stats -> server-stats; go ->]
 *                                                         <-   step-result
 *             stats  ---------->   server-stats: CPU and peak RSS of the step
 *   end of stdin      ------------------------------------->   closes, client-done, exits
 *   end of stdin      ---------->  server-stats, exits
 *
 * Every session therefore yields a cold-start sample for free. `--quick` runs all of a peer's
 * scenarios in one session (start-up costs ~1 s per process pair); a full run gives each
 * scenario fresh processes so no scenario inherits another's heap.
 */

const host = "127.0.0.1";
/** Server on CPU 1 and client on CPU 0: each gets a core, the harness mostly sleeps. */
export const serverCpu = 1;
export const clientCpu = 0;
export const profileDir = resolve(benchDir, "results/profiles");

export interface SessionPlan {
  readonly peer: PeerSpec;
  readonly steps: readonly ClientStep[];
  /** Names the session in progress lines and profile files instead of its scenario. */
  readonly label?: string;
}

export interface ColdStart {
  /** Spawn of the server process to its `ready` line (listening). */
  readonly serverStartMs: number;
  /** Client given the port to a connected client. */
  readonly connectMs: number;
  /** The first call's round trip. */
  readonly callMs: number;
  readonly totalMs: number;
  /** Server RSS right after the first reply, MB. */
  readonly rssMb: number;
}

export interface StepMeasurement {
  readonly scenario: ScenarioName;
  readonly rounds: readonly RoundResult[];
  /** Calls (items for streams) in warmup and rounds. */
  readonly units: number;
  readonly clientCpuMs: number;
  readonly serverCpuMs: number;
  /** Server RSS before the step, MB. */
  readonly serverRssBeforeMb: number;
  /** Peak server RSS during the step (VmHWM, reset before it), MB. */
  readonly serverPeakRssMb: number;
  /** `idle` steps: server RSS with every connection open and idle, MB. */
  readonly idleRssMb: number | undefined;
  /** Other processes' share of the machine during the step (see `foreignShare`). */
  readonly otherCpu: number | undefined;
}

export interface SessionResult {
  readonly peer: string;
  readonly coldStart: ColdStart | undefined;
  readonly steps: readonly StepMeasurement[];
  /** What went wrong, when the session did not finish; the steps before it are kept. */
  readonly error: string | undefined;
}

export interface SessionOptions {
  readonly pin: boolean;
  readonly profile: boolean;
}

export async function runSession(
  plan: SessionPlan,
  options: SessionOptions,
): Promise<SessionResult> {
  const { peer, steps } = plan;
  const cpu = (n: number) => (options.pin ? n : undefined);
  const tag = sessionTag(plan);
  const profileAs = (role: string) =>
    options.profile
      ? { cpuProfile: { dir: profileDir, name: `${peer.name}-${tag}-${role}.cpuprofile` } }
      : {};
  const serverConfig: ServerConfig = { host };
  const clientConfig: ClientConfig = { host, port: 0, steps };
  const t0 = performance.now();
  const server = new PeerProcess(`${peer.name} server`, peer.server, serverConfig, {
    cpu: cpu(serverCpu),
    ...profileAs("server"),
  });
  const client = new PeerProcess(`${peer.name} client`, peer.client, clientConfig, {
    cpu: cpu(clientCpu),
    ...profileAs("client"),
  });
  let coldStart: ColdStart | undefined;
  const measured: StepMeasurement[] = [];
  const stats = async (): Promise<ServerStats> => {
    server.send({ type: "stats" });
    return server.next("server-stats", 15_000);
  };
  try {
    const ready = await server.next("ready", 30_000);
    const serverStartMs = performance.now() - t0;
    client.send({
      type: "start",
      port: ready.port,
      ...(ready.path === undefined ? {} : { path: ready.path }),
    });
    const first = await client.next("first-reply", 30_000);
    let before = await stats();
    coldStart = {
      serverStartMs,
      connectMs: first.connectMs,
      callMs: first.callMs,
      totalMs: serverStartMs + first.connectMs + first.callMs,
      rssMb: before.rssMb,
    };
    for (const step of steps) {
      const machineBefore = cpuTimes();
      const harnessBefore = process.cpuUsage();
      client.send({ type: "go" });
      let idleRssMb: number | undefined;
      if (step.shape.kind === "idle") {
        await client.next("idle-ready", 60_000);
        idleRssMb = (await stats()).rssMb;
        client.send({ type: "go" });
      }
      // Generous: a round overruns its time by the calls in flight, and a slow peer under a
      // profiler can take a while per stream.
      const budget = step.warmupMs + step.rounds * (step.roundMs + 10_000) + 60_000;
      const result = await client.next("step-result", budget);
      const after = await stats();
      const harness = process.cpuUsage(harnessBefore);
      const serverCpuMs = after.cpuMs - before.cpuMs;
      const ours = serverCpuMs + result.cpuMs + (harness.user + harness.system) / 1000;
      measured.push({
        scenario: step.scenario,
        rounds: result.rounds,
        units: result.units,
        clientCpuMs: result.cpuMs,
        serverCpuMs,
        serverRssBeforeMb: before.rssMb,
        // The idle sample reset the peak too: the larger of the two windows counts.
        serverPeakRssMb: Math.max(after.peakRssMb, idleRssMb ?? 0),
        idleRssMb,
        otherCpu: foreignShare(machineBefore, cpuTimes(), ours),
      });
      before = after;
    }
    client.stop();
    await client.next("client-done", 30_000);
    await client.exited;
    server.stop();
    await server.next("server-stats", 15_000);
    await server.exited;
    return { peer: peer.name, coldStart, steps: measured, error: undefined };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { peer: peer.name, coldStart, steps: measured, error: message };
  } finally {
    client.kill();
    server.kill();
  }
}

/** How a session is named in progress lines and profile files. */
export function sessionTag(plan: SessionPlan): string {
  if (plan.label !== undefined) return plan.label;
  const timed = plan.steps.filter((step) => step.shape.kind !== "idle");
  if (plan.steps.length === 0) return "cold";
  if (timed.length > 1) return "all";
  return (timed[0] ?? plan.steps[0]!).scenario;
}
