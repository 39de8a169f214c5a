/**
 * A benchmark, not a test: `generate()` on the corpus's largest service, GitHubRest (12 methods
 * over @octokit/openapi-types), alone, as a user runs it (layout included). Prints
 * one JSON object: time (the first call in the process, then a second one), peak RSS and heap,
 * and the output's size (module bytes and lines, schema bytes).
 *
 *   node --conditions=@rpcgen/source --import tsx packages/codegen/test/corpus/bench.ts
 *
 * The goal once the fixes of issue 12 are in: under 1.5 s and a module under 150 KB.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { generate } from "../../src/generate.js";
import { corpusRoot } from "./support/corpus.js";
import { analysisTsconfig, scratchRoot } from "./support/generate.js";

const dir = join(scratchRoot, "bench");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
// A re-export is a service of the file that re-exports it: GitHubRest without its neighbours.
const idl = join(dir, "github-rest.ts");
const from = relative(dir, join(corpusRoot, "github", "services.js")).replaceAll("\\", "/");
writeFileSync(idl, `export type { GitHubRest } from ${JSON.stringify(from)};\n`);

/** Wall time, and this process's CPU time (not Biome's child process): the machine may be busy. */
function run(outDir: string) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = generate({ files: [idl], outDir, tsconfig: analysisTsconfig });
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  if (result.diagnostics.length > 0) {
    throw new Error(`generation refused: ${result.diagnostics.map((d) => d.code).join(", ")}`);
  }
  return { ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
}

const cold = run(join(dir, "cold"));
const heapAfterCold = process.memoryUsage().heapUsed;
const warm = run(join(dir, "warm"));
const module = readFileSync(join(dir, "cold", "github-rest.ts"), "utf8");
const schema = readFileSync(join(dir, "cold", "github-rest.schema.json"), "utf8");
const schemaJson = JSON.parse(schema) as { types: Record<string, unknown> };
console.log(
  JSON.stringify(
    {
      service: "GitHubRest (12 methods, @octokit/openapi-types)",
      cold,
      warm,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      heapUsedMBAfterCold: Math.round(heapAfterCold / 2 ** 20),
      moduleBytes: Buffer.byteLength(module),
      moduleLines: module.split("\n").length,
      schemaBytes: Buffer.byteLength(schema),
      /** OpenAPI's indexed-access types are not named types: each use is inlined. */
      namedTypes: Object.keys(schemaJson.types).length,
      goal: { ms: 1500, moduleBytes: 150_000 },
    },
    null,
    2,
  ),
);
