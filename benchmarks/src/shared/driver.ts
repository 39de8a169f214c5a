import { makeFollowRequest, makeRequests } from "./payloads.js";
import type { ClientConfig, ClientStep, RoundResult } from "./protocol.js";
import type { FollowRequest, PathRequest, Position, Route } from "./service.js";
import { pathPoints } from "./service.js";
import { LatencyRecorder, percentile } from "./stats.js";

/*
 * THE PEER CONTRACT. A peer is a directory under src/peers/ with two scripts, registered in
 * peers/index.ts:
 *
 *   server.ts:  main(() => runServerProcess(async ({ host }) => ({ port, close })))
 *               Listen on port 0 at `host`; serve `shortestPath` with computeRoute(request)
 *               and `follow` with makePosition(0..count-1) from shared/payloads.ts. `close`
 *               stops listening and drops open connections.
 *   client.ts:  main(() => runClientProcess(async ({ host, port }) => benchClient))
 *               The connect function is called SEVERAL times per process (once for the
 *               session's own connection, 100 more for `conns-100x16` and `idle-100`): each
 *               call must open a NEW, independent connection, resolve once it is usable (the
 *               handshake done, so no timed call pays for it), and return a BenchClient whose
 *               close() closes that connection only. Libraries that share connections between
 *               clients of one target must be told not to (grpc-js: a local subchannel pool).
 *
 * Messages (shared/service.ts) are passed through unchanged, including the optional
 * `PathRequest.payload` / `Route.payload` string: `unary-64k` sends 64 KiB in it and checks
 * the route echoes it (computeRoute does; a schema-based peer declares it as an optional
 * string field and maps it both ways). No peer may cache replies or drop fields.
 *
 * Everything else (spawning, pinning, timing, warmup, rounds, memory and CPU readings) is the
 * harness's: a peer never measures.
 */

/**
 * What each peer's client offers the driver. Streams are delivered through a callback so the
 * raw peer pays for no iteration machinery; other peers adapt their API (an AsyncIterable,
 * events), which is what their users get and therefore part of what is measured.
 */
export interface BenchClient {
  unary(request: PathRequest): Promise<Route>;
  follow(request: FollowRequest, onItem: (item: Position) => void): Promise<void>;
  close(): Promise<void>;
}

/** A peer's connect function; see the contract above. */
export type Connect = (config: ClientConfig) => Promise<BenchClient>;

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

export interface StepOutcome {
  readonly rounds: RoundResult[];
  /** Calls (items, for streams) completed in the warmup and all rounds. */
  readonly units: number;
}

type Phase = (recorder: LatencyRecorder, limits: PhaseLimits) => Promise<PhaseOutcome>;

/**
 * Runs a throughput step's warmup, then its timed rounds, on `clients` (one per connection),
 * and returns every round.
 */
export async function runRounds(
  clients: readonly BenchClient[],
  step: ClientStep,
): Promise<StepOutcome> {
  const { shape } = step;
  let phase: Phase;
  if (shape.kind === "unary") {
    const requests = makeRequests(64, shape.payloadBytes);
    phase = (recorder, limits) =>
      unaryPhase(clients, shape.concurrency, requests, shape.payloadBytes, recorder, limits);
  } else if (shape.kind === "stream") {
    phase = (recorder, limits) => streamPhase(clients[0]!, shape.streamItems, recorder, limits);
  } else {
    throw new Error(`${step.scenario} has no timed rounds`);
  }
  const stream = shape.kind === "stream";
  const recorder = new LatencyRecorder();
  const warmup = await phase(recorder, {
    durationMs: step.warmupMs,
    maxCalls: step.warmupCalls ?? Number.POSITIVE_INFINITY,
  });
  let units = stream ? warmup.items : warmup.calls;
  const rounds: RoundResult[] = [];
  for (let r = 0; r < step.rounds; r++) {
    recorder.reset();
    const outcome = await phase(recorder, {
      durationMs: step.roundMs,
      maxCalls: step.roundCalls ?? Number.POSITIVE_INFINITY,
    });
    const counted = stream ? outcome.items : outcome.calls;
    units += counted;
    rounds.push(roundResult(outcome, counted, recorder));
  }
  return { rounds, units };
}

/** One call on each client at once (the `idle` step's): every connection has carried a call. */
export async function callEach(clients: readonly BenchClient[]): Promise<RoundResult> {
  const recorder = new LatencyRecorder();
  const requests = makeRequests(64);
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      const sent = performance.now();
      const route = await client.unary(requests[i % requests.length]!);
      recorder.record((performance.now() - sent) * 1000);
      checkRoute(route, 0);
    }),
  );
  const outcome = { calls: clients.length, items: 0, elapsedMs: performance.now() - t0 };
  return roundResult(outcome, clients.length, recorder);
}

function roundResult(outcome: PhaseOutcome, counted: number, recorder: LatencyRecorder) {
  const sorted = recorder.sorted();
  return {
    calls: outcome.calls,
    items: outcome.items,
    elapsedMs: outcome.elapsedMs,
    rate: (counted / outcome.elapsedMs) * 1000,
    p50Us: percentile(sorted, 50),
    p99Us: percentile(sorted, 99),
  };
}

/** A cheap sanity check so a peer cannot look fast by answering with the wrong thing. */
export function checkRoute(route: Route, payloadBytes: number): void {
  if (route.path.length !== pathPoints) throw new Error("route has the wrong number of points");
  if (payloadBytes > 0 && route.payload?.length !== payloadBytes) {
    throw new Error(`route echoed ${route.payload?.length ?? 0} of ${payloadBytes} payload bytes`);
  }
}

/**
 * `concurrency` loops per client, each awaiting one call at a time; loop i uses client
 * i mod n, so every connection carries the same share.
 */
async function unaryPhase(
  clients: readonly BenchClient[],
  concurrency: number,
  requests: readonly PathRequest[],
  payloadBytes: number,
  recorder: LatencyRecorder,
  limits: PhaseLimits,
): Promise<PhaseOutcome> {
  let started = 0;
  let completed = 0;
  const t0 = performance.now();
  const end = t0 + limits.durationMs;
  const loop = async (client: BenchClient): Promise<void> => {
    while (started < limits.maxCalls && performance.now() < end) {
      const request = requests[started % requests.length]!;
      started++;
      const sent = performance.now();
      const route = await client.unary(request);
      recorder.record((performance.now() - sent) * 1000);
      completed++;
      checkRoute(route, payloadBytes);
    }
  };
  const loops: Promise<void>[] = [];
  for (let i = 0; i < clients.length * concurrency; i++) {
    loops.push(loop(clients[i % clients.length]!));
  }
  await Promise.all(loops);
  return { calls: completed, items: 0, elapsedMs: performance.now() - t0 };
}

/** Whole streams one after another; latency is per stream, the rate counts items. */
async function streamPhase(
  client: BenchClient,
  streamItems: number,
  recorder: LatencyRecorder,
  limits: PhaseLimits,
): Promise<PhaseOutcome> {
  const request = makeFollowRequest(streamItems);
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
    if (received !== streamItems || lastSeq !== streamItems - 1) {
      throw new Error(`stream delivered ${received} of ${streamItems} items`);
    }
    streams++;
    items += received;
  }
  return { calls: streams, items, elapsedMs: performance.now() - t0 };
}
