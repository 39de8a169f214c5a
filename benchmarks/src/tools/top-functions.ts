/**
 * Prints where a V8 CPU profile spent its time: the top self-time functions and a summary by
 * area (runtime, transport, msgpackr, Node internals, GC...).
 *
 *   tsx benchmarks/src/tools/top-functions.ts results/profiles/x.cpuprofile [more...] [--top N]
 *
 * A directory argument means every .cpuprofile in it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function isCpuProfile(value: unknown): value is CpuProfile {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.nodes) && Array.isArray(v.samples) && Array.isArray(v.timeDeltas);
}

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Where a function lives, short enough for a table. */
function location(frame: CallFrame): string {
  const { url } = frame;
  if (url === "") return "";
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  const pnpm = path.match(/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  const shown =
    pnpm !== null
      ? `${pnpm[1]}/${pnpm[2]}`
      : path.startsWith("/")
        ? relative(repoRoot, path)
        : path;
  // V8 counts lines from 0; editors from 1.
  return `${shown}:${frame.lineNumber + 1}`;
}

/** A coarse bucket, to see at a glance which layer costs what. */
function area(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === "") {
    if (functionName === "(garbage collector)") return "GC";
    if (functionName === "(idle)") return "idle";
    if (functionName === "(program)") return "(program): native, outside JS";
    return "native builtins";
  }
  if (url.includes("/packages/runtime/src/")) {
    const file = url.slice(url.indexOf("/packages/runtime/src/") + "/packages/runtime/src/".length);
    return `runtime: ${file}`;
  }
  if (url.includes("/packages/transport-tcp/src/")) return "transport-tcp";
  if (url.includes("msgpackr")) return "msgpackr";
  if (url.includes("/benchmarks/src/")) return "benchmark harness + handlers";
  // Loading and compiling modules happens once at start; it is in the profile because
  // --cpu-prof starts with the process, and is no per-call cost.
  if (url.startsWith("node:internal/modules") || url.includes("/tsx/") || url.includes("esbuild")) {
    return "startup: module loading (tsx)";
  }
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("node_modules")) return "other dependencies";
  return "other";
}

interface Row {
  readonly label: string;
  readonly where: string;
  selfUs: number;
}

function analyse(file: string, top: number): void {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!isCpuProfile(parsed)) throw new Error(`${file} is not a .cpuprofile`);
  const byId = new Map<number, ProfileNode>();
  for (const node of parsed.nodes) byId.set(node.id, node);
  const selfById = new Map<number, number>();
  const { samples, timeDeltas } = parsed;
  // timeDeltas[i] is the time before sample i; the time a sample stands for is the gap to the
  // next one (as DevTools counts it).
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!;
    selfById.set(id, (selfById.get(id) ?? 0) + (timeDeltas[i + 1] ?? 0));
  }
  const functions = new Map<string, Row>();
  const areas = new Map<string, Row>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, selfUs] of selfById) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    totalUs += selfUs;
    if (frame.functionName === "(idle)") idleUs += selfUs;
    const where = location(frame);
    const name = frame.functionName === "" ? "(anonymous)" : frame.functionName;
    const key = `${name}\u0000${where}`;
    const row = functions.get(key) ?? { label: name, where, selfUs: 0 };
    row.selfUs += selfUs;
    functions.set(key, row);
    const a = area(frame);
    const arow = areas.get(a) ?? { label: a, where: "", selfUs: 0 };
    arow.selfUs += selfUs;
    areas.set(a, arow);
  }
  const busyUs = totalUs - idleUs;
  const pct = (us: number, of: number) => `${((us / of) * 100).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  console.log(`\n${relative(process.cwd(), file)}`);
  console.log(
    `  total ${(totalUs / 1000).toFixed(0)} ms, idle ${pct(idleUs, totalUs).trim()}; percentages below are of busy time (${(busyUs / 1000).toFixed(0)} ms)`,
  );
  console.log(`\n  ${"self".padStart(10)}  ${"busy".padStart(6)}  function  (location)`);
  const sorted = [...functions.values()]
    .filter((r) => r.label !== "(idle)")
    .sort((a, b) => b.selfUs - a.selfUs);
  for (const row of sorted.slice(0, top)) {
    const where = row.where === "" ? "" : `  (${row.where})`;
    console.log(`  ${ms(row.selfUs)}  ${pct(row.selfUs, busyUs)}  ${row.label}${where}`);
  }
  console.log(`\n  by area:`);
  const byArea = [...areas.values()]
    .filter((r) => r.label !== "idle")
    .sort((a, b) => b.selfUs - a.selfUs);
  for (const row of byArea) {
    console.log(`  ${ms(row.selfUs)}  ${pct(row.selfUs, busyUs)}  ${row.label}`);
  }
}

function main(): void {
  const args = process.argv.slice(2);
  let top = 25;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--top") {
      top = Number(args[++i]);
      if (!Number.isInteger(top) || top < 1) throw new Error("--top needs a positive integer");
    } else if (statSync(arg).isDirectory()) {
      for (const name of readdirSync(arg).sort()) {
        if (name.endsWith(".cpuprofile")) files.push(join(arg, name));
      }
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) {
    console.error("usage: top-functions.ts <file.cpuprofile | dir>... [--top N]");
    process.exit(2);
  }
  for (const file of files) analyse(file, top);
}

main();
