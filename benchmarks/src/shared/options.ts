import { type CurveName, curveNames } from "../curves/points.js";
import { isScenarioName, type ScenarioName, scenarioNames } from "./scenarios.js";

/** How long and how much each scenario runs; presets below, flags override. */
export interface Timing {
  readonly warmupMs: number;
  /** Calls (unary) or streams that end the warmup early; null for time only. */
  readonly warmupCalls: number | null;
  readonly rounds: number;
  readonly roundMs: number;
  /** Calls per round cap for unary scenarios; null for time only. */
  readonly roundCalls: number | null;
  /** Streams per round cap for stream scenarios; null for time only. */
  readonly roundStreams: number | null;
  /** Overrides the items per stream of stream scenarios (the smoke test uses few). */
  readonly streamItems: number | null;
  /** Cold-start samples per peer, at least (every session gives one; more are added). */
  readonly coldStartRuns: number;
  /**
   * `pair`: fresh server and client processes per peer × scenario, so no scenario inherits
   * another's heap. `peer`: one process pair runs all of a peer's scenarios, which saves ~1 s
   * of start-up per pair (quick mode: 14 peers must fit in 90 s).
   */
  readonly grouping: "pair" | "peer";
}

export type Mode = "full" | "quick" | "smoke";

/**
 * Parts of `pnpm bench`: the RPC table (peers × scenarios), then the validator throughput,
 * code generation and type-check cost sections (src/validators/, src/codegen/,
 * src/typecheck/), each with its own timing per mode; and the cost curves (src/curves/),
 * which run only when asked for (`--only curves`): they take as long as the rest together.
 */
export const sectionNames = ["rpc", "validators", "codegen", "typecheck", "curves"] as const;
export type Section = (typeof sectionNames)[number];
const defaultSections: readonly Section[] = ["rpc", "validators", "codegen", "typecheck"];

/** Peers the curves run unless --curve-peers says otherwise: the limit and rpcgen over TCP. */
export const defaultCurvePeers: readonly string[] = ["raw", "rpcgen-tcp"];

export interface Options {
  readonly mode: Mode;
  readonly timing: Timing;
  readonly peers: readonly string[];
  /** Whether --peers named them (otherwise a quick run leaves out `fullOnly` peers). */
  readonly peersGiven: boolean;
  readonly scenarios: readonly ScenarioName[];
  readonly pin: boolean;
  readonly profile: boolean;
  /** Before each pair, wait (up to 2 min) until other processes leave the CPUs alone. */
  readonly waitQuiet: boolean;
  /**
   * Tries per peer × scenario (and per curve point), interleaved with the other peers'; the
   * fastest is kept. A neighbour's load only ever slows a session down, so on a shared
   * machine the best of a few tries is the closest to what the code does alone.
   */
  readonly repeat: number;
  /** Where the results array goes; undefined picks the default for the mode. */
  readonly out: string | undefined;
  /** What runs, in this order; all but curves by default, only rpc with --profile. */
  readonly sections: readonly Section[];
  /** The cost curves to run (with the curves section) and on which peers. */
  readonly curves: readonly CurveName[];
  readonly curvePeers: readonly string[];
}

/**
 * Budgets, sized for ~14 peers × 5 throughput scenarios + idle-100 + cold-start. A full run
 * spends per peer ≈ 5 sessions × ~1.3 s of process start-up + 5 × (0.45 s warmup + 4 × 0.3 s)
 * ≈ 15 s, plus whole 100k-item streams for the slow peers (a round never cuts a stream short:
 * ~3 s each for the slowest): measured 3 min 17 s for the rpc section, 4 min 38 s with the
 * other sections. (Five rounds and a 0.6 s warmup took 7 min and moved no ratio.) Quick runs one session per
 * peer, ≈ 1.5 s of start-up and idle-100 + 5 × (0.15 + 3 × 0.1) s ≈ 4 s per peer (~55 s for
 * 14; measured 78 s with the other sections); smoke only proves the plumbing.
 */
const presets: Readonly<Record<Mode, Timing>> = {
  full: {
    warmupMs: 450,
    warmupCalls: null,
    rounds: 4,
    roundMs: 300,
    roundCalls: null,
    roundStreams: null,
    streamItems: null,
    coldStartRuns: 5,
    grouping: "pair",
  },
  quick: {
    warmupMs: 150,
    warmupCalls: null,
    rounds: 3,
    roundMs: 100,
    roundCalls: null,
    roundStreams: null,
    // stream-100k keeps its name; a slow peer would otherwise spend seconds on one stream.
    streamItems: 20_000,
    coldStartRuns: 1,
    grouping: "peer",
  },
  smoke: {
    warmupMs: 10_000,
    warmupCalls: 20,
    rounds: 1,
    roundMs: 10_000,
    roundCalls: 200,
    roundStreams: 2,
    streamItems: 100,
    coldStartRuns: 1,
    grouping: "peer",
  },
};

export const usage = `usage: pnpm bench [options]
  --quick               fewer, shorter rounds, one process pair per peer (< 90 s for all
                        sections and ~14 peers)
  --smoke               a few calls per scenario; checks the plumbing, not speed
  --profile             run every peer under --cpu-prof (results/profiles/); results go to
                        results/profile-run.json since profiling slows them
  --peers a,b           peers to run (default: all)
  --scenarios a,b       ${scenarioNames.join(", ")} (default: all)
  --rounds N  --round-ms N  --warmup-ms N  --calls N  --streams N  --stream-items N
  --cold-runs N         cold-start samples per peer, at least
  --per-pair / --per-peer   fresh processes per peer × scenario (full's default), or one
                        process pair per peer (quick's)
  --wait-quiet          before each run wait (up to 2 min) until other processes are idle
  --repeat N            N tries per peer x scenario (and curve point), peers interleaved;
                        the fastest is kept (for a busy machine: load only slows things down)
  --no-pin              do not pin server and client to CPUs with taskset
  --out FILE            where to write the results array (default results/latest.json);
                        validators.json, codegen.json and typecheck.json go to the same directory
  --only a,b            sections to run: ${sectionNames.join(", ")} (default: all but
                        curves; rpc with --profile). --peers, --scenarios and the timing
                        flags are rpc's
  --curves a,b          with --only curves: ${curveNames.join(", ")} (default: all)
  --curve-peers a,b     peers the curves run (default: ${defaultCurvePeers.join(",")})`;

export class UsageError extends Error {}

export function parseOptions(argv: readonly string[], knownPeers: readonly string[]): Options {
  let mode: Mode = "full";
  let peers: readonly string[] = knownPeers;
  let peersGiven = false;
  let scenarios: readonly ScenarioName[] = scenarioNames;
  let pin = true;
  let profile = false;
  let waitQuiet = false;
  let repeat = 1;
  let out: string | undefined;
  let sections: readonly Section[] | undefined;
  let curves: readonly CurveName[] = curveNames;
  let curvePeers: readonly string[] = defaultCurvePeers;
  const overrides: { -readonly [K in keyof Timing]?: Timing[K] } = {};
  const args = [...argv];
  // `pnpm bench -- --quick` passes a literal "--" through; it means nothing here.
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const count = (flag: string): number => {
    const n = Number(value(flag));
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} needs a whole number`);
    return n;
  };
  for (let arg = args.shift(); arg !== undefined; arg = args.shift()) {
    switch (arg) {
      case "--":
        break;
      case "--quick":
        mode = "quick";
        break;
      case "--smoke":
        mode = "smoke";
        break;
      case "--profile":
        profile = true;
        break;
      case "--wait-quiet":
        waitQuiet = true;
        break;
      case "--repeat":
        repeat = Math.max(1, count(arg));
        break;
      case "--no-pin":
        pin = false;
        break;
      case "--peers":
        peers = list(value(arg), knownPeers, "peer");
        peersGiven = true;
        break;
      case "--scenarios":
        scenarios = list(value(arg), scenarioNames, "scenario").filter(isScenarioName);
        break;
      case "--rounds":
        overrides.rounds = Math.max(1, count(arg));
        break;
      case "--round-ms":
        overrides.roundMs = count(arg);
        break;
      case "--warmup-ms":
        overrides.warmupMs = count(arg);
        break;
      case "--calls":
        overrides.roundCalls = Math.max(1, count(arg));
        break;
      case "--streams":
        overrides.roundStreams = Math.max(1, count(arg));
        break;
      case "--stream-items":
        overrides.streamItems = Math.max(1, count(arg));
        break;
      case "--cold-runs":
        overrides.coldStartRuns = count(arg);
        break;
      case "--per-pair":
        overrides.grouping = "pair";
        break;
      case "--per-peer":
        overrides.grouping = "peer";
        break;
      case "--out":
        out = value(arg);
        break;
      case "--curves":
        curves = list(value(arg), curveNames, "curve") as CurveName[];
        break;
      case "--curve-peers":
        curvePeers = list(value(arg), knownPeers, "peer");
        break;
      case "--only": {
        const only = list(value(arg), sectionNames, "section");
        sections = sectionNames.filter((name) => only.includes(name));
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return {
    mode,
    timing: { ...presets[mode], ...overrides },
    peers,
    peersGiven,
    scenarios,
    pin,
    profile,
    waitQuiet,
    repeat,
    out,
    sections: sections ?? (profile ? ["rpc"] : defaultSections),
    curves,
    curvePeers,
  };
}

function list(text: string, known: readonly string[], what: string): string[] {
  const names = text.split(",").filter((s) => s !== "");
  for (const name of names) {
    if (!known.includes(name)) {
      throw new UsageError(`unknown ${what} ${name} (known: ${known.join(", ")})`);
    }
  }
  return names;
}
