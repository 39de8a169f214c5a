import type { PeerSpec } from "../peers/index.js";
import type { Timing } from "./options.js";
import type { ClientStep } from "./protocol.js";
import { type ScenarioName, scenarioNames, scenarios } from "./scenarios.js";
import type { SessionPlan } from "./session.js";

/** The step a scenario becomes in a client process; undefined for `cold-start` (no step). */
export function stepFor(scenario: ScenarioName, timing: Timing): ClientStep | undefined {
  const shape = scenarios[scenario];
  switch (shape.kind) {
    case "cold-start":
      return undefined;
    case "idle":
      return {
        scenario,
        shape,
        warmupMs: 0,
        warmupCalls: null,
        rounds: 1,
        roundMs: 0,
        roundCalls: null,
      };
    case "unary":
    case "stream": {
      const stream = shape.kind === "stream";
      return {
        scenario,
        shape:
          stream && timing.streamItems !== null
            ? { ...shape, streamItems: timing.streamItems }
            : shape,
        warmupMs: timing.warmupMs,
        warmupCalls: timing.warmupCalls,
        rounds: timing.rounds,
        roundMs: timing.roundMs,
        roundCalls: stream ? timing.roundStreams : timing.roundCalls,
      };
    }
  }
}

/**
 * The sessions of a run, in order. Per pair: scenario-major, so the peers of one scenario run
 * back to back and drift in machine load affects the compared numbers alike. Per peer: one
 * session each. Either way, peers with fewer
 * sessions than `coldStartRuns` get cold-start-only sessions at the end (when cold-start is
 * selected), since every session's first call is a cold-start sample.
 */
export function planSessions(
  peers: readonly PeerSpec[],
  selected: readonly ScenarioName[],
  timing: Timing,
  repeat = 1,
): SessionPlan[] {
  const ordered = scenarioNames.filter((name) => selected.includes(name));
  const steps = ordered.flatMap((name) => stepFor(name, timing) ?? []);
  const sessions: SessionPlan[] = [];
  // idle-100 goes first in its session, while the server is fresh. Per pair it rides along
  // with the first throughput scenario rather than costing a process pair of its own (~1.5 s
  // per peer); that scenario's peak RSS then includes what the 100 connections left behind.
  const idle = steps.filter((step) => step.shape.kind === "idle");
  const timed = steps.filter((step) => step.shape.kind !== "idle");
  const groups: ClientStep[][] =
    timing.grouping === "peer"
      ? [[...idle, ...timed]]
      : timed.length === 0
        ? idle.map((step) => [step])
        : timed.map((step, i) => (i === 0 ? [...idle, step] : [step]));
  const perPeer = new Map<PeerSpec, number>();
  for (const group of groups) {
    // Repeated tries take turns with the other peers', so a burst of load hits them alike.
    for (let r = 0; r < repeat; r++) {
      for (const peer of peers) {
        const steps = group.filter((step) => peer.skip?.[step.scenario] === undefined);
        if (steps.length === 0) continue;
        sessions.push({ peer, steps });
        perPeer.set(peer, (perPeer.get(peer) ?? 0) + 1);
      }
    }
  }
  if (selected.includes("cold-start")) {
    // Every session yields a cold-start sample: top each peer up to coldStartRuns (a peer that
    // skips scenarios has fewer sessions), run-major so the peers' samples interleave.
    for (let run = 0; run < timing.coldStartRuns; run++) {
      for (const peer of peers) {
        if ((perPeer.get(peer) ?? 0) <= run) sessions.push({ peer, steps: [] });
      }
    }
  }
  return sessions;
}
