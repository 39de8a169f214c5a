/**
 * The code generation section of `pnpm bench`: `generate()` on a synthetic IDL file, cold (a
 * fresh process each time) and warm (the second call in that process). See
 * docs/performance.md, "Code generation".
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Mode } from "../shared/options.js";
import { benchDir } from "../shared/spawn.js";
import {
  formatRows,
  formatShare,
  halfSpread,
  type JsonChildResult,
  machineMeta,
  median,
  runJsonChild,
  type SectionOptions,
  settle,
} from "../validators/section.js";
import type { CodegenChildConfig, CodegenChildResult, OutputFile } from "./child.js";
import { syntheticIdl } from "./synthetic.js";

export interface CodegenTiming {
  /** Fresh processes, one after another; each does a cold and a warm call. */
  readonly processes: number;
  readonly interfaces: number;
  readonly services: number;
}

const timings: Readonly<Record<Mode, CodegenTiming>> = {
  full: { processes: 7, interfaces: 50, services: 20 },
  quick: { processes: 2, interfaces: 50, services: 20 },
  // Plumbing only: a small file, one process.
  smoke: { processes: 1, interfaces: 6, services: 2 },
};

/** One directory per harness process, removed afterwards (see validators/index.ts). */
const scratch = resolve(benchDir, `results/tmp/codegen-${process.pid}`);

/** One timed quantity over all processes, ms. */
export interface Measured {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly spread: number;
}

export interface CodegenReport {
  readonly input: {
    readonly interfaces: number;
    readonly aliases: number;
    readonly services: number;
    readonly methods: number;
    readonly lines: number;
    readonly bytes: number;
  };
  readonly processes: number;
  /** Spawn to exit as the harness saw it: Node, tsx, the import, both calls and the stages. */
  readonly processWallMs: Measured;
  readonly startupMs: Measured;
  readonly importMs: Measured;
  readonly coldMs: Measured;
  readonly warmMs: Measured;
  readonly stages: {
    readonly analyzeMs: Measured;
    readonly emitMs: Measured;
    readonly formattedEmitMs: Measured;
  };
  readonly output: readonly OutputFile[];
  /** The most other processes used of the machine during any one process (see `foreignShare`). */
  readonly otherCpu: number | undefined;
}

export async function runCodegen(options: SectionOptions): Promise<CodegenReport> {
  try {
    return await measureCodegen(options);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function measureCodegen(options: SectionOptions): Promise<CodegenReport> {
  const { mode, outDir } = options;
  const timing = timings[mode];
  const idl = syntheticIdl(timing.interfaces, timing.services);
  const file = join(scratch, "idl", "bench.ts");
  mkdirSync(join(scratch, "idl"), { recursive: true });
  writeFileSync(file, idl.text);
  const config: CodegenChildConfig = { file, outDir: join(scratch, "gen"), stages: true };
  const runs: JsonChildResult<CodegenChildResult>[] = [];
  await settle(options.waitQuiet);
  process.stderr.write("  codegen: ");
  for (let p = 0; p < timing.processes; p++) {
    if (options.waitQuiet && p > 0) await settle(true);
    // Not pinned, as a user's build would not be.
    const run = await runJsonChild<CodegenChildResult>(
      fileURLToPath(new URL("./child.ts", import.meta.url)),
      config,
      { label: "codegen", cpu: undefined, timeoutMs: 120_000 },
    );
    runs.push(run);
    process.stderr.write(`${p === 0 ? "" : ", "}${Math.round(run.result.coldMs)} ms`);
  }
  const shares = runs.map((r) => r.otherCpu).filter((x) => x !== undefined);
  const otherCpu = shares.length === 0 ? undefined : Math.max(...shares);
  process.stderr.write(
    ` (cold generate() per process; other processes: ${formatShare(otherCpu)} CPU at most)\n`,
  );
  const of = (pick: (run: JsonChildResult<CodegenChildResult>) => number) =>
    measured(runs.map(pick));
  const stage = (key: keyof NonNullable<CodegenChildResult["stages"]>) =>
    of((r) => r.result.stages?.[key] ?? Number.NaN);
  const report: CodegenReport = {
    input: {
      interfaces: idl.interfaces,
      aliases: idl.aliases,
      services: idl.services,
      methods: idl.methods,
      lines: idl.text.split("\n").length,
      bytes: Buffer.byteLength(idl.text),
    },
    processes: runs.length,
    processWallMs: of((r) => r.wallMs),
    startupMs: of((r) => r.result.startupMs),
    importMs: of((r) => r.result.importMs),
    coldMs: of((r) => r.result.coldMs),
    warmMs: of((r) => r.result.warmMs),
    stages: {
      analyzeMs: stage("analyzeMs"),
      emitMs: stage("emitMs"),
      formattedEmitMs: stage("formattedEmitMs"),
    },
    output: runs[runs.length - 1]!.result.output,
    otherCpu,
  };
  const json = {
    ...machineMeta(),
    mode,
    timing,
    method:
      "A synthetic IDL file (benchmarks/src/codegen/synthetic.ts) is written to " +
      "results/tmp/codegen-<pid>/idl/bench.ts (removed afterwards). Each of `processes` fresh processes (node " +
      "--conditions=@rpcgen/source --import tsx, not pinned) imports @rpcgen/codegen, calls " +
      "generate() into an empty directory (cold), again into another (warm), then times " +
      "analyze(), emit({ format: false }) and emit() (laid out, as generate() writes it) " +
      "separately. Medians over the processes, ms.",
    ...report,
    runs: runs.map(({ result, wallMs, otherCpu }) => {
      const { output: _output, ...times } = result;
      return { wallMs, otherCpu, ...times };
    }),
  };
  writeFileSync(join(outDir, "codegen.json"), `${JSON.stringify(json, null, 2)}\n`);
  return report;
}

function measured(values: readonly number[]): Measured {
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    median: round(median(values)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    spread: Math.round(halfSpread(values) * 1000) / 1000,
  };
}

export function formatCodegen(report: CodegenReport, style: "text" | "markdown"): string {
  const { input } = report;
  const header = ["step", "median", "min", "max"];
  const ms = (x: number) => (x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`);
  const row = (label: string, m: Measured) => [label, ms(m.median), ms(m.min), ms(m.max)];
  const rows = [
    row("process, spawn to exit", report.processWallMs),
    row("node + tsx start-up", report.startupMs),
    row('import("@rpcgen/codegen")', report.importMs),
    row("generate() cold (1st call)", report.coldMs),
    row("generate() warm (2nd call)", report.warmMs),
    row("  analyze() (warm)", report.stages.analyzeMs),
    row("  emit(), unformatted (warm)", report.stages.emitMs),
    row("  emit(), laid out (warm)", report.stages.formattedEmitMs),
  ];
  const outputs = report.output
    .map(
      (f) =>
        `${f.name} ${(f.bytes / 1024).toFixed(0)} KiB (${f.lines.toLocaleString("en-US")} lines)`,
    )
    .join(", ");
  const aliases = `${input.aliases} union alias${input.aliases === 1 ? "" : "es"}`;
  const processes = `${report.processes} process${report.processes === 1 ? "" : "es"}`;
  const summary =
    `input: ${input.interfaces} interfaces + ${aliases}, ${input.services} services, ` +
    `${input.methods} methods (${input.lines.toLocaleString("en-US")} lines); ${processes}, ` +
    `other processes used ${formatShare(report.otherCpu)} of the CPUs at most\noutput: ${outputs}`;
  return `${formatRows(header, rows, style, 1)}\n\n${summary}`;
}
