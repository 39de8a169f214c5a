import { type Diagnostic, formatDiagnostic } from "../analyze/index.js";
import { ExitCode } from "./report.js";

// Apart from report.ts, which every command loads: formatting diagnostics loads TypeScript,
// which `rpcgen call --list` and `--help` have no use for.

/**
 * Prints each diagnostic as `file:line:col error: ... [code]`, then the count and what did not
 * happen because of them (`nothing written`). Returns 1.
 */
export function reportDiagnostics(
  diagnostics: readonly Diagnostic[],
  cwd: string,
  outcome = "nothing written",
): number {
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d, cwd)}\n`);
  const n = diagnostics.length;
  process.stderr.write(`rpcgen: ${n} error${n === 1 ? "" : "s"}, ${outcome}\n`);
  return ExitCode.InputError;
}
