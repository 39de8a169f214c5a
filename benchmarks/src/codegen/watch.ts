/**
 * `rpcgen generate --watch` after an edit: 20 service files sharing types from two common
 * files, the real CLI in a child process, one service file edited at a time. Reports the first
 * (cold) run, then for every edit the time the CLI prints for its run and the time from the
 * write to the summary line, against the goal of 300 ms; last, for scale, one edit to a shared
 * file, which reaches every service. The peer in the same run is a whole `rpcgen generate` of
 * the same files, which is what every edit cost before the watch mode was incremental. Not part of `pnpm bench`; run it with
 * `npx tsx benchmarks/src/codegen/watch.ts [--edits 10] [--services 20]`. See
 * docs/performance.md, "Watch".
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const bin = join(repo, "packages/codegen/src/cli/bin.ts");
const goalMs = 300;

/** `common.ts` and `money.ts`, imported by every service file. */
function sharedFiles(): Record<string, string> {
  const common = [
    "/** A page of a listing. */",
    "export interface Page {",
    "  offset: number;",
    "  limit: number;",
    "  cursor?: string;",
    "}",
    "",
    "/** Who did something, and when. */",
    "export interface Audit {",
    "  by: string;",
    "  at: Date;",
    '  source: "web" | "api" | "batch";',
    "}",
    "",
    'export type Status = { kind: "open" } | { kind: "closed"; reason: string; at: Date };',
    "",
  ].join("\n");
  const money = [
    'import type { Audit } from "./common.js";',
    "",
    "/** An amount in minor units. */",
    "export interface Money {",
    "  currency: string;",
    "  minor: bigint;",
    "}",
    "",
    "export interface Charge {",
    "  amount: Money;",
    "  audit: Audit;",
    "  tags: string[];",
    "}",
    "",
  ].join("\n");
  return { "shared/common.ts": common, "shared/money.ts": money };
}

/** Service file `n`: its own record types and a service of six methods over them. */
export function serviceFile(n: number, revision = 0): string {
  const name = `Thing${n}`;
  const extra = Array.from({ length: revision }, (_, i) => `  extra${i}?: string;`);
  return [
    'import type { Audit, Page, Status } from "../shared/common.js";',
    'import type { Charge, Money } from "../shared/money.js";',
    "",
    `/** Record ${n}. */`,
    `export interface ${name} {`,
    "  id: string;",
    "  title: string;",
    "  status: Status;",
    "  price: Money;",
    "  charges: Charge[];",
    "  audit: Audit;",
    "  labels: Map<string, string>;",
    "  parent?: string | null;",
    ...extra,
    "}",
    "",
    `export interface ${name}Query {`,
    "  page: Page;",
    "  text?: string;",
    '  sort: "title" | "created";',
    "}",
    "",
    `/** Service ${n}. */`,
    `export interface Service${n} {`,
    `  get(id: string): Promise<${name}>;`,
    `  list(query: ${name}Query): Promise<${name}[]>;`,
    `  put(thing: ${name}): Promise<void>;`,
    `  charge(id: string, amount: Money): Promise<Charge>;`,
    `  watch(query: ${name}Query): AsyncIterable<${name}>;`,
    `  upload(things: AsyncIterable<${name}>): Promise<number>;`,
    "}",
    "",
  ].join("\n");
}

function serviceName(n: number): string {
  return `services/s${String(n).padStart(2, "0")}.ts`;
}

/** Writes the project into `dir`: the shared files, the service files and a tsconfig.json. */
export function writeProject(dir: string, services: number): string[] {
  const files: Record<string, string> = { ...sharedFiles() };
  for (let n = 0; n < services; n++) files[serviceName(n)] = serviceFile(n);
  files["tsconfig.json"] = `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        lib: ["es2023"],
        skipLibCheck: true,
        noEmit: true,
      },
    },
    null,
    2,
  )}\n`;
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(resolve(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return Array.from({ length: services }, (_, n) => serviceName(n));
}

/** One run as the CLI reported it, and when its line arrived. */
interface Run {
  readonly line: string;
  readonly written: number;
  readonly reportedMs: number;
  readonly arrivedAt: number;
}

const summary = /^rpcgen: (\d+) written, (\d+) unchanged \((\d+) ms\)/;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      edits: { type: "string", default: "10" },
      services: { type: "string", default: "20" },
    },
  });
  const edits = Number(values.edits);
  const services = Number(values.services);
  const tmp = resolve(repo, "benchmarks/results/tmp");
  mkdirSync(tmp, { recursive: true });
  const dir = mkdtempSync(join(tmp, "watch-"));
  try {
    const inputs = writeProject(dir, services);
    /** `rpcgen generate` of the project's inputs, run from the workspace's sources. */
    const generate = (...args: string[]) => [
      "--conditions=@rpcgen/source",
      "--import",
      "tsx",
      bin,
      "generate",
      ...inputs,
      ...args,
    ];
    const started = performance.now();
    const child = spawn(process.execPath, generate("--out", "gen", "--watch"), {
      cwd: dir,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const runs: Run[] = [];
    let waiting: ((run: Run) => void) | undefined;
    createInterface({ input: child.stdout }).on("line", (line) => {
      const match = summary.exec(line);
      if (match === null) return;
      const run = {
        line,
        written: Number(match[1]),
        reportedMs: Number(match[3]),
        arrivedAt: performance.now(),
      };
      runs.push(run);
      waiting?.(run);
    });
    const nextRun = () => new Promise<Run>((done) => (waiting = done));
    const cold = await nextRun();
    // The watchers are set up right after the first summary; give them a moment to arm.
    await new Promise((done) => setTimeout(done, 200));
    console.log(`watch benchmark: ${services} service files, ${edits} edits, goal ${goalMs} ms`);
    console.log(
      `cold: ${cold.reportedMs} ms reported, ${Math.round(cold.arrivedAt - started)} ms from spawn (${cold.written} written)`,
    );
    const reported: number[] = [];
    const observed: number[] = [];
    for (let e = 0; e < edits; e++) {
      const n = (e * 7) % services;
      const path = join(dir, inputs[n] ?? "");
      const wait = nextRun();
      const before = performance.now();
      writeFileSync(path, serviceFile(n, e + 1));
      const run = await wait;
      reported.push(run.reportedMs);
      observed.push(Math.round(run.arrivedAt - before));
      console.log(
        `edit ${e + 1} (${inputs[n]}): ${run.reportedMs} ms reported, ${Math.round(run.arrivedAt - before)} ms from the write; ${run.line}`,
      );
      await new Promise((done) => setTimeout(done, 100));
    }
    // For scale: an edit to a shared file reaches every service file.
    const money = join(dir, "shared/money.ts");
    const wait = nextRun();
    const before = performance.now();
    writeFileSync(money, `${readFileSync(money, "utf8")}\nexport type Currency = string;\n`);
    const shared = await wait;
    console.log(
      `edit shared/money.ts (reaches all): ${shared.reportedMs} ms reported, ${Math.round(shared.arrivedAt - before)} ms from the write; ${shared.line}`,
    );
    child.kill("SIGTERM");
    // The peer: what each edit cost before --watch was incremental, a whole `rpcgen generate`.
    const full = spawnSync(process.execPath, generate("--out", "gen-full"), {
      cwd: dir,
      encoding: "utf8",
    });
    const fullMs = Number(summary.exec(full.stdout.trim().split("\n").at(-1) ?? "")?.[3]);
    const sorted = [...reported].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    const worst = sorted[sorted.length - 1] ?? Number.NaN;
    const obsMedian = [...observed].sort((a, b) => a - b)[Math.floor(observed.length / 2)];
    console.log(
      `per edit: median ${median} ms, worst ${worst} ms reported (${obsMedian} ms median from the write, debounce included); goal ${goalMs} ms: ${worst < goalMs ? "met" : "missed"}`,
    );
    console.log(
      `full \`rpcgen generate\` of the same ${services} files: ${fullMs} ms reported; the median edit takes ${(median / fullMs).toFixed(3)} of it`,
    );
    // The generated module of an edited file must carry the edit: a sanity check of the figures.
    const generated = readFileSync(join(dir, "gen", "s00.ts"), "utf8");
    if (!generated.includes("extra0")) throw new Error("the edit did not reach gen/s00.ts");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
