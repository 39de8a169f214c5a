/**
 * Runs the real code generator on the type-check section's IDL file (a process of its own,
 * started with the @rpcgen/source condition so it is always the current generator).
 */
import { main } from "../shared/child.js";
import { readConfig } from "../shared/protocol.js";
import { reportResult } from "../validators/section.js";

export interface GenerateChildConfig {
  readonly file: string;
  readonly outDir: string;
}

main(async () => {
  const config = readConfig<GenerateChildConfig>();
  const { generate } = await import("@rpcgen/codegen");
  const t0 = performance.now();
  const result = generate({ files: [config.file], outDir: config.outDir });
  if (result.diagnostics.length > 0) {
    const first = result.diagnostics
      .slice(0, 10)
      .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
    throw new Error(`generate() refused ${config.file}:\n${first.join("\n")}`);
  }
  reportResult({ generateMs: performance.now() - t0, files: result.files.map((f) => f.path) });
});
