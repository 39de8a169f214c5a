/**
 * Generates the validator benchmark's decoders from the path fixture with the workspace's
 * @rpcgen/codegen (its sources, through the `@rpcgen/source` condition), in a process of its
 * own so the TypeScript compiler never sits in the measuring process's heap.
 */
import { generate } from "@rpcgen/codegen";
import { main } from "../shared/child.js";
import { readConfig } from "../shared/protocol.js";
import { reportResult } from "./section.js";

export interface PrepareConfig {
  readonly file: string;
  readonly outDir: string;
}

export interface PrepareResult {
  readonly files: readonly string[];
}

main(async () => {
  const { file, outDir } = readConfig<PrepareConfig>();
  const result = generate({ files: [file], outDir });
  if (result.diagnostics.length > 0) {
    throw new Error(
      `generate() refused ${file}:\n${result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join("\n")}`,
    );
  }
  const prepared: PrepareResult = { files: result.files.map((f) => f.path) };
  reportResult(prepared);
});
