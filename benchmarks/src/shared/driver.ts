import { makeFollowRequest, makeRequests } from "./payloads.js";
import type { ClientConfig, RoundResult } from "./protocol.js";
import type { FollowRequest, PathRequest, Position, Route } from "./service.js";
import { pathPoints } from "./service.js";
import { LatencyRecorder, percentile } from "./stats.js";

/**
 * What each peer's client offers the driver. Streams are delivered through a callback so the
 * raw peer pays for no iteration machinery; the rpcgen peer adapts its AsyncIterable, which is
 * the API its users get and therefore part of what is measured.
 */
export interface BenchClient {
  unary(request: PathRequest): Promise<Route>;
  follow(request: FollowRequest, onItem: (item: Position) => void): Promise<void>;
  close(): Promise<void>;
}

/** Limits of one phase: it stops at the deadline or after `maxCalls`, whichever comes first. */
interface PhaseLimits {
  readonly durationMs: number;
  readonly maxCalls: number;
}

interface PhaseOutcome {
  readonly calls: number;
  readonly items: number;
  readonly elapsedMs: number;
}

const requests = makeRequests(64);

export interface ScenarioOutcome {
  readonly rounds: RoundResult[];
  /** Calls (items, for streams) completed in the warmup and all rounds. */
  readonly units: number;
}

/** Runs the warmup, then the timed rounds, and returns every round. */
export async function runScenario(
  client: BenchClient,
  config: ClientConfig,
): Promise<ScenarioOutcome> {
  const recorder = new LatencyRecorder();
  const stream = config.streamItems > 0;
  const phase = stream ? streamPhase : unaryPhase;
  const warmup = await phase(client, config, recorder, {
    durationMs: config.warmupMs,
    maxCalls: config.warmupCalls ?? Number.POSITIVE_INFINITY,
  });
  let units = stream ? warmup.items : warmup.calls;
  const rounds: RoundResult[] = [];
  for (let r = 0; r < config.rounds; r++) {
    recorder.reset();
    const outcome = await phase(client, config, recorder, {
      durationMs: config.roundMs,
      maxCalls: config.roundCalls ?? Number.POSITIVE_INFINITY,
    });
    const sorted = recorder.sorted();
    const counted = stream ? outcome.items : outcome.calls;
    units += counted;
    rounds.push({
      calls: outcome.calls,
      items: outcome.items,
      elapsedMs: outcome.elapsedMs,
      rate: (counted / outcome.elapsedMs) * 1000,
      p50Us: percentile(sorted, 50),
      p99Us: percentile(sorted, 99),
    });
  }
  return { rounds, units };
}

/** `concurrency` loops, each awaiting one call at a time, share one connection. */
async function unaryPhase(
  client: BenchClient,
  config: ClientConfig,
  recorder: LatencyRecorder,
  limits: PhaseLimits,
): Promise<PhaseOutcome> {
  let started = 0;
  let completed = 0;
  const t0 = performance.now();
  const end = t0 + limits.durationMs;
  const loop = async (): Promise<void> => {
    while (started < limits.maxCalls && performance.now() < end) {
      const request = requests[started % requests.length]!;
      started++;
      const sent = performance.now();
      const route = await client.unary(request);
      recorder.record((performance.now() - sent) * 1000);
      completed++;
      // A cheap sanity check so a peer cannot look fast by answering with the wrong thing.
      if (route.path.length !== pathPoints) throw new Error("route has the wrong number of points");
    }
  };
  const loops: Promise<void>[] = [];
  for (let i = 0; i < config.concurrency; i++) loops.push(loop());
  await Promise.all(loops);
  return { calls: completed, items: 0, elapsedMs: performance.now() - t0 };
}

/** Whole streams one after another; latency is per stream, the rate counts items. */
async function streamPhase(
  client: BenchClient,
  config: ClientConfig,
  recorder: LatencyRecorder,
  limits: PhaseLimits,
): Promise<PhaseOutcome> {
  const request = makeFollowRequest(config.streamItems);
  let streams = 0;
  let items = 0;
  let received = 0;
  let lastSeq = -1;
  const onItem = (item: Position): void => {
    received++;
    lastSeq = item.seq;
  };
  const t0 = performance.now();
  const end = t0 + limits.durationMs;
  while (streams < limits.maxCalls && performance.now() < end) {
    received = 0;
    const started = performance.now();
    await client.follow(request, onItem);
    recorder.record((performance.now() - started) * 1000);
    if (received !== config.streamItems || lastSeq !== config.streamItems - 1) {
      throw new Error(`stream delivered ${received} of ${config.streamItems} items`);
    }
    streams++;
    items += received;
  }
  return { calls: streams, items, elapsedMs: performance.now() - t0 };
}
