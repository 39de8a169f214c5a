/**
 * `pnpm bench`: runs every peer × scenario with server and client in their own (pinned)
 * processes, prints a table and writes results/latest.json (+ .meta.json, .md, .svg); then the
 * validator, code generation and type-check sections. See docs/performance.md.
 */
import { mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { formatCodegen, runCodegen } from "./codegen/index.js";
import { runCurves } from "./curves/index.js";
import { peers } from "./peers/index.js";
import { type Options, parseOptions, UsageError, usage } from "./shared/options.js";
import { runRpc } from "./shared/rpc-section.js";
import { clientCpu, serverCpu } from "./shared/session.js";
import { benchDir, canPin } from "./shared/spawn.js";
import { formatTypecheck, runTypecheck } from "./typecheck/index.js";
import { formatValidators, runValidators } from "./validators/index.js";
import { formatShare } from "./validators/section.js";

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(usage);
    return 0;
  }
  let options: Options;
  try {
    options = parseOptions(
      argv,
      peers.map((p) => p.name),
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    return 2;
  }
  const started = performance.now();
  const pinned = options.pin && canPin();
  const cpuList = cpus();
  console.log(`rpcgen benchmarks (${options.mode}${options.profile ? ", profiling" : ""})`);
  console.log(
    `node ${process.version} on ${process.platform}/${process.arch}, ${cpuList.length} CPUs (${cpuList[0]?.model.trim() ?? "unknown"})`,
  );
  console.log(
    pinned
      ? `pinned with taskset: server on CPU ${serverCpu}, client on CPU ${clientCpu}`
      : "not pinned (taskset unavailable, fewer than 2 CPUs, or --no-pin)",
  );
  const defaultOut = options.profile ? "results/profile-run.json" : "results/latest.json";
  const out = resolve(options.out === undefined ? resolve(benchDir, defaultOut) : options.out);
  mkdirSync(dirname(out), { recursive: true });
  const failures: string[] = [];
  const section = {
    mode: options.mode,
    pin: options.pin,
    waitQuiet: options.waitQuiet,
    outDir: dirname(out),
  };
  if (options.sections.includes("rpc")) {
    failures.push(...(await runRpc(options, out, pinned, options.out === undefined)));
  }
  // The other sections run after the RPC pairs, one at a time, and write next to the RPC
  // results. A failing section is reported at the end; the others still run.
  const run = async (name: string, body: () => Promise<void>) => {
    const t0 = performance.now();
    try {
      await body();
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    console.log(`${name} section: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  if (options.sections.includes("validators")) {
    await run("validators", async () => {
      const report = await runValidators(section);
      console.log(
        `\nvalidators (median round; vs rpcgen = ops/s ratio; ${report.cpu === undefined ? "not pinned" : `pinned to CPU ${report.cpu}`}; other processes: ${formatShare(report.otherCpu)} CPU)\n`,
      );
      console.log(`${formatValidators(report, "text")}\n`);
      console.log(`wrote ${join(dirname(out), "validators.json")}`);
    });
  }
  if (options.sections.includes("codegen")) {
    await run("codegen", async () => {
      const report = await runCodegen(section);
      console.log("\ncode generation (generate() on a synthetic IDL file)\n");
      console.log(`${formatCodegen(report, "text")}\n`);
      console.log(`wrote ${join(dirname(out), "codegen.json")}`);
    });
  }
  if (options.sections.includes("typecheck")) {
    await run("typecheck", async () => {
      const report = await runTypecheck(section);
      console.log("\ntype-check cost (tsc --noEmit on a service and a client that calls it)\n");
      console.log(`${formatTypecheck(report, "text")}\n`);
      console.log(`wrote ${join(dirname(out), "typecheck.json")}`);
    });
  }
  if (options.sections.includes("curves")) {
    await run("curves", async () => {
      failures.push(
        ...(await runCurves({
          mode: options.mode,
          pin: pinned,
          profile: options.profile,
          curves: options.curves,
          peers: options.curvePeers,
          repeat: options.repeat,
          outDir: dirname(out),
          docs: options.mode === "full" && options.out === undefined && !options.profile,
        })),
      );
    });
  }
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (failures.length > 0) {
    console.error(`\n${failures.length} run(s) failed:\n${failures.join("\n\n")}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
