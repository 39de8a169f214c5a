/**
 * The validator section of `pnpm bench`: rpcgen's generated decoders against zod 4 and Ajv 8
 * on the same values, in one pinned process. See docs/performance.md, "Validators".
 */
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Mode } from "../shared/options.js";
import { benchDir, canPin } from "../shared/spawn.js";
import type { ValidatorChildConfig, ValidatorChildResult } from "./child.js";
import { routePoints } from "./data.js";
import type { PrepareConfig, PrepareResult } from "./prepare.js";
import {
  formatRows,
  formatShare,
  halfSpread,
  installedVersion,
  machineMeta,
  median,
  runJsonChild,
  type SectionOptions,
  settle,
} from "./section.js";

export type ValidatorTiming = Omit<ValidatorChildConfig, "generatedModule">;

/**
 * Validation time per case × validator (12 pairs). Unpacking the fresh inputs outside the
 * clock costs 1-10x the validation itself, so wall time is several times the timed budget:
 * full ≈ 35 s, quick ≈ 8 s (cut so `pnpm bench --quick` fits 90 s with ~14 RPC peers).
 */
const timings: Readonly<Record<Mode, ValidatorTiming>> = {
  full: { warmupMs: 200, rounds: 5, roundMs: 60, batch: 256 },
  quick: { warmupMs: 30, rounds: 3, roundMs: 20, batch: 256 },
  smoke: { warmupMs: 0, rounds: 1, roundMs: 0, batch: 64 },
};

/** The validator process runs on this CPU (the RPC client's; nothing else runs meanwhile). */
const validatorCpu = 0;
const fixture = fileURLToPath(
  new URL("../../../packages/codegen/test/fixtures/idl/path.ts", import.meta.url),
);
/**
 * The generated module must sit inside benchmarks/ so it resolves @rpcgen/runtime; one
 * directory per harness process, removed afterwards, so concurrent runs (tests) never collide.
 */
const generatedDir = resolve(benchDir, `results/tmp/validators-${process.pid}`);

export interface ValidatorRow {
  readonly case: string;
  readonly validator: string;
  /** Median round. */
  readonly opsPerSec: number;
  readonly nsPerOp: number;
  /** opsPerSec over rpcgen's on the same case. */
  readonly vsRpcgen: number;
  /** Half the range of the round rates over the median. */
  readonly spread: number;
  /** msgpackr `unpack` of the same values per op (the input copy, never timed with validation). */
  readonly unpackNsPerOp: number;
  readonly rounds: readonly { ops: number; ms: number; unpackMs: number }[];
}

export interface ValidatorReport {
  readonly rows: readonly ValidatorRow[];
  /** The first problem each validator reported for the invalid case. */
  readonly errors: Record<string, Record<string, string>>;
  /** The CPU the measuring process was pinned to, if it was. */
  readonly cpu: number | undefined;
  /** Other processes' share of the machine while it ran (see `foreignShare`). */
  readonly otherCpu: number | undefined;
}

export async function runValidators(options: SectionOptions): Promise<ValidatorReport> {
  try {
    return await measureValidators(options);
  } finally {
    rmSync(generatedDir, { recursive: true, force: true });
  }
}

async function measureValidators(options: SectionOptions): Promise<ValidatorReport> {
  const { mode, outDir } = options;
  const timing = timings[mode];
  process.stderr.write("  validators: generating decoders from the path fixture ... ");
  const prepared = await runJsonChild<PrepareResult>(
    fileURLToPath(new URL("./prepare.ts", import.meta.url)),
    { file: fixture, outDir: generatedDir } satisfies PrepareConfig,
    { label: "validators prepare", cpu: undefined, timeoutMs: 60_000 },
  );
  const generatedModule = prepared.result.files.find((f) => f.endsWith(".ts"));
  if (generatedModule === undefined) throw new Error("generate() wrote no module");
  process.stderr.write(`${Math.round(prepared.wallMs)} ms\n`);
  await settle(options.waitQuiet);
  process.stderr.write("  validators: measuring ... ");
  const pinned = options.pin && canPin();
  const config: ValidatorChildConfig = { generatedModule, ...timing };
  const { result, wallMs, otherCpu } = await runJsonChild<ValidatorChildResult>(
    fileURLToPath(new URL("./child.ts", import.meta.url)),
    config,
    { label: "validators", cpu: pinned ? validatorCpu : undefined, timeoutMs: 600_000 },
  );
  process.stderr.write(
    `${(wallMs / 1000).toFixed(1)} s (other processes: ${formatShare(otherCpu)} CPU)\n`,
  );

  const rows: ValidatorRow[] = [];
  const errors: Record<string, Record<string, string>> = {};
  for (const c of result.cases) {
    if (!c.valid) errors[c.name] = c.errors;
    const all = c.runs.flatMap((run) => run.rounds);
    const unpackNsPerOp =
      (all.reduce((sum, r) => sum + r.unpackMs, 0) * 1e6) / all.reduce((sum, r) => sum + r.ops, 0);
    const rates = new Map(
      c.runs.map((run) => [run.validator, run.rounds.map((r) => (r.ops / r.ms) * 1000)]),
    );
    const rpcgen = median(rates.get("rpcgen") ?? []);
    for (const run of c.runs) {
      const own = rates.get(run.validator)!;
      const opsPerSec = median(own);
      rows.push({
        case: c.name,
        validator: run.validator,
        opsPerSec: Math.round(opsPerSec),
        nsPerOp: round1(1e9 / opsPerSec),
        vsRpcgen: Math.round((opsPerSec / rpcgen) * 100) / 100,
        spread: Math.round(halfSpread(own) * 1000) / 1000,
        unpackNsPerOp: Math.round(unpackNsPerOp),
        rounds: run.rounds.map((r) => ({
          ops: r.ops,
          ms: Math.round(r.ms * 100) / 100,
          unpackMs: Math.round(r.unpackMs * 100) / 100,
        })),
      });
    }
  }

  const report: ValidatorReport = {
    rows,
    errors,
    cpu: pinned ? validatorCpu : undefined,
    otherCpu,
  };
  const json = {
    ...machineMeta(),
    mode,
    pinned: pinned ? { cpu: validatorCpu } : false,
    otherCpu,
    timing,
    versions: {
      zod: installedVersion("zod"),
      ajv: installedVersion("ajv"),
      msgpackr: installedVersion("msgpackr"),
    },
    method:
      `Each op validates one value: a PathRequest, or a Route with a ${routePoints}-point path ` +
      "(valid; with one unknown key on the route and on every point; with path[12].lon a " +
      "string). Inputs are unpacked from msgpack (64 distinct values per case) into a fresh " +
      `batch of ${timing.batch} before each timed batch; only validation is timed. rpcgen: ` +
      "the decoders generate() writes from packages/codegen/test/fixtures/idl/path.ts " +
      "(errors are thrown and caught). zod: z.object schemas, safeParse. ajv: " +
      "new Ajv({ removeAdditional: true }), compile. Median of the rounds.",
    results: rows,
    errors,
  };
  writeFileSync(join(outDir, "validators.json"), `${JSON.stringify(json, null, 2)}\n`);
  return report;
}

export function formatValidators(report: ValidatorReport, style: "text" | "markdown"): string {
  const header = ["case", "validator", "ops/s", "ns/op", "vs rpcgen", "spread", "unpack ns/op"];
  let previous = "";
  const rows = report.rows.map((row) => {
    const first = row.case !== previous;
    previous = row.case;
    return [
      first || style === "markdown" ? row.case : "",
      row.validator,
      row.opsPerSec.toLocaleString("en-US"),
      row.nsPerOp >= 100 ? String(Math.round(row.nsPerOp)) : row.nsPerOp.toFixed(1),
      `${row.vsRpcgen.toFixed(2)}x`,
      `±${(row.spread * 100).toFixed(1)}%`,
      first || style === "markdown" ? String(row.unpackNsPerOp) : "",
    ];
  });
  return formatRows(header, rows, style, 2);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
