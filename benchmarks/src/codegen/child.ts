/**
 * One cold code generation run (started by codegen/index.ts in a fresh process each time):
 * loads @rpcgen/codegen, calls `generate()` twice into empty directories (cold, then warm),
 * then times the warm stages one by one, and prints one JSON line.
 */
import { readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { main } from "../shared/child.js";
import { readConfig } from "../shared/protocol.js";
import { reportResult } from "../validators/section.js";

// Milliseconds since the process started (performance.timeOrigin): Node plus tsx's loader.
const startupMs = performance.now();

export interface CodegenChildConfig {
  /** The IDL file (absolute). */
  readonly file: string;
  /** Scratch directory; `cold/` and `warm/` are (re)created under it. */
  readonly outDir: string;
  /** Also time analyze and emit separately (warm). */
  readonly stages: boolean;
}

export interface OutputFile {
  readonly name: string;
  readonly bytes: number;
  readonly lines: number;
}

export interface CodegenChildResult {
  readonly startupMs: number;
  /** `await import("@rpcgen/codegen")`: its sources through tsx, and the TypeScript compiler. */
  readonly importMs: number;
  /** First `generate()` in the process. */
  readonly coldMs: number;
  /** Second `generate()`, same input, another empty directory. */
  readonly warmMs: number;
  /** Warm, one stage at a time; absent unless asked for. */
  readonly stages?: {
    readonly analyzeMs: number;
    /** emit() without formatting: IR to TypeScript text. */
    readonly emitMs: number;
    /** emit() as generate() calls it: the module laid out as Biome would. */
    readonly formattedEmitMs: number;
  };
  readonly output: readonly OutputFile[];
}

function time<T>(body: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = body();
  return { value, ms: performance.now() - t0 };
}

main(async () => {
  const config = readConfig<CodegenChildConfig>();
  const t0 = performance.now();
  const codegen = await import("@rpcgen/codegen");
  const importMs = performance.now() - t0;

  const run = (dir: string) => {
    const outDir = join(config.outDir, dir);
    rmSync(outDir, { recursive: true, force: true });
    const { value, ms } = time(() => codegen.generate({ files: [config.file], outDir }));
    if (value.diagnostics.length > 0) {
      const first = value.diagnostics
        .slice(0, 10)
        .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
      throw new Error(`generate() refused ${config.file}:\n${first.join("\n")}`);
    }
    return { files: value.files, ms };
  };
  const cold = run("cold");
  const warm = run("warm");
  const output = warm.files.map(({ path }): OutputFile => {
    const text = readFileSync(path, "utf8");
    return {
      name: basename(path),
      bytes: Buffer.byteLength(text),
      lines: text.split("\n").length - 1,
    };
  });

  let stages: CodegenChildResult["stages"];
  if (config.stages) {
    const outDir = join(config.outDir, "warm");
    const analyzed = time(() => codegen.analyze({ files: [config.file], outDir }));
    const schema = analyzed.value.schemas[0]!.schema;
    const emitted = time(() => codegen.emit(schema, { generatorVersion: "0.0.0", format: false }));
    const formatted = time(() => codegen.emit(schema, { generatorVersion: "0.0.0" }));
    stages = { analyzeMs: analyzed.ms, emitMs: emitted.ms, formattedEmitMs: formatted.ms };
  }
  const result: CodegenChildResult = {
    startupMs,
    importMs,
    coldMs: cold.ms,
    warmMs: warm.ms,
    ...(stages === undefined ? {} : { stages }),
    output,
  };
  reportResult(result);
});
