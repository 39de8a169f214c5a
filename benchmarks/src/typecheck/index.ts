/**
 * The type-check section of `pnpm bench --only typecheck`: what a 300-method service costs
 * `tsc`, written with rpcgen (IDL + generated module + handlers + client) and with tRPC v11
 * (a router of zod-validated procedures + a `createTRPCClient<AppRouter>` client). See
 * docs/performance.md, "Type-check cost".
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Mode } from "../shared/options.js";
import { benchDir } from "../shared/spawn.js";
import { installedVersion } from "../shared/versions.js";
import {
  formatRows,
  machineMeta,
  median,
  runJsonChild,
  type SectionOptions,
  settle,
} from "../validators/section.js";
import type { GenerateChildConfig } from "./generate-child.js";
import * as projects from "./projects.js";
import { runTsc, type TscRun, tscPath } from "./tsc.js";

interface TypecheckTiming {
  readonly methods: number;
  /** tsc runs per project, alternating between the two; the median (the lower of two) is reported. */
  readonly runs: number;
}

const timings: Readonly<Record<Mode, TypecheckTiming>> = {
  full: { methods: 300, runs: 2 },
  quick: { methods: 300, runs: 1 },
  smoke: { methods: 10, runs: 1 },
};

/**
 * Inside benchmarks/ so the projects resolve @rpcgen/runtime, @trpc/* and zod from
 * benchmarks/node_modules; one directory per harness process (results/tmp/ is git-ignored),
 * removed afterwards.
 */
const scratch = resolve(benchDir, `results/tmp/typecheck-${process.pid}`);
/** tsc runs on the RPC client's CPU; nothing else of ours runs meanwhile. */
const tscCpu = 0;

export interface ProjectResult {
  readonly project: "rpcgen" | "trpc";
  /** Lines of TypeScript in the project's own files (generated module included). */
  readonly sourceLines: number;
  readonly checkMs: number;
  readonly totalMs: number;
  readonly wallMs: number;
  readonly memoryMb: number;
  readonly types: number;
  readonly instantiations: number;
  readonly runs: readonly TscRun[];
}

export interface TypecheckReport {
  readonly methods: number;
  readonly typescript: string;
  readonly projects: readonly ProjectResult[];
}

export async function runTypecheck(options: SectionOptions): Promise<TypecheckReport> {
  try {
    return await measureTypecheck(options);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function measureTypecheck(options: SectionOptions): Promise<TypecheckReport> {
  const timing = timings[options.mode];
  const n = timing.methods;
  const rpcgenDir = join(scratch, "rpcgen");
  const trpcDir = join(scratch, "trpc");
  const rpcgenFiles = write(rpcgenDir, {
    "big.ts": projects.rpcgenIdl(n),
    "handlers.ts": projects.rpcgenHandlers(n),
    "client.ts": projects.rpcgenClient(n),
  });
  const trpcFiles = write(trpcDir, {
    "router.ts": projects.trpcRouter(n),
    "client.ts": projects.trpcClient(n),
  });
  const config: GenerateChildConfig = {
    file: join(rpcgenDir, "big.ts"),
    outDir: join(rpcgenDir, "gen"),
  };
  await runJsonChild(fileURLToPath(new URL("./generate-child.ts", import.meta.url)), config, {
    label: "typecheck generate()",
    cpu: undefined,
    timeoutMs: 120_000,
  });
  rpcgenFiles.push(join(rpcgenDir, "gen", "big.ts"));

  await settle(options.waitQuiet);
  const cpu = options.pin ? tscCpu : undefined;
  const runs: Record<"rpcgen" | "trpc", TscRun[]> = { rpcgen: [], trpc: [] };
  process.stderr.write(`  typecheck (${n} methods): `);
  for (let r = 0; r < timing.runs; r++) {
    // Alternating, so drift in machine load falls on both alike.
    for (const [project, dir] of [
      ["rpcgen", rpcgenDir],
      ["trpc", trpcDir],
    ] as const) {
      const run = await runTsc(dir, cpu);
      if (run.errors !== "")
        throw new Error(`tsc found errors in the ${project} project:\n${run.errors}`);
      runs[project].push(run);
      process.stderr.write(`${project} ${Math.round(run.checkMs)} ms  `);
    }
  }
  process.stderr.write("\n");
  const result = (project: "rpcgen" | "trpc", files: readonly string[]): ProjectResult => {
    const mine = runs[project];
    const of = (pick: (run: TscRun) => number) => Math.round(median(mine.map(pick)) * 10) / 10;
    return {
      project,
      sourceLines: files.reduce(
        (sum, f) => sum + readFileSync(f, "utf8").split("\n").length - 1,
        0,
      ),
      checkMs: of((r) => r.checkMs),
      totalMs: of((r) => r.totalMs),
      wallMs: of((r) => r.wallMs),
      memoryMb: of((r) => r.memoryMb),
      types: of((r) => r.types),
      instantiations: of((r) => r.instantiations),
      runs: mine,
    };
  };
  const report: TypecheckReport = {
    methods: n,
    typescript: tscPath().version,
    projects: [result("rpcgen", rpcgenFiles), result("trpc", trpcFiles)],
  };
  const json = {
    ...machineMeta(),
    mode: options.mode,
    timing,
    versions: {
      typescript: report.typescript,
      "@trpc/server": installedVersion("@trpc/server"),
      "@trpc/client": installedVersion("@trpc/client"),
      zod: installedVersion("zod"),
      "@rpcgen/runtime": installedVersion("@rpcgen/runtime"),
    },
    method:
      "Two projects written to results/tmp/typecheck-<pid>/ (removed afterwards): rpcgen (an IDL " +
      "file of n methods with a request and reply interface each, the module generate() " +
      "writes from it, handlers typed by it and a client calling 3 methods) and tRPC (a router of n " +
      "procedures with zod object inputs, and a createTRPCClient<AppRouter> client calling 3). " +
      "Each is checked with `tsc -p <dir> --extendedDiagnostics` (strict, nodenext, skipLibCheck, " +
      "noEmit), alternating, `runs` times; medians of tsc's own figures.",
    ...report,
  };
  writeFileSync(join(options.outDir, "typecheck.json"), `${JSON.stringify(json, null, 2)}\n`);
  return report;
}

/** Writes a project's files and its tsconfig/package.json; returns the source files' paths. */
function write(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "tsconfig.json"), projects.tsconfig);
  writeFileSync(join(dir, "package.json"), projects.packageJson);
  return Object.entries(files).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}

export function formatTypecheck(report: TypecheckReport, style: "text" | "markdown"): string {
  const base = report.projects.find((p) => p.project === "rpcgen");
  const header = [
    "project",
    "lines",
    "check time",
    "vs rpcgen",
    "total time",
    "memory",
    "types",
    "instantiations",
  ];
  const rows = report.projects.map((p) => [
    p.project,
    p.sourceLines.toLocaleString("en-US"),
    `${Math.round(p.checkMs).toLocaleString("en-US")} ms`,
    base === undefined ? "-" : `${(p.checkMs / base.checkMs).toFixed(1)}x`,
    `${Math.round(p.totalMs).toLocaleString("en-US")} ms`,
    `${Math.round(p.memoryMb)} MB`,
    p.types.toLocaleString("en-US"),
    p.instantiations.toLocaleString("en-US"),
  ]);
  return `${formatRows(header, rows, style, 1)}\n\n${report.methods} methods, TypeScript ${report.typescript}; check time is tsc's "Check time", memory its "Memory used"`;
}
