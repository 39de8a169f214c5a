import { displayPath } from "../cli/report.js";
import type { Finding } from "./findings.js";
import type { Location } from "./locate.js";

/** A finding with where it is, as `rpcgen check` prints it and `--json` writes it. */
export interface LocatedFinding {
  readonly rule: string;
  readonly breaking: boolean;
  readonly message: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** The methods reaching a change in a type. */
  readonly via: readonly string[];
}

/** Attaches locations to findings. */
export function locateAll(
  findings: readonly Finding[],
  locate: (finding: Finding) => Location,
): LocatedFinding[] {
  return findings.map((f) => ({
    rule: f.rule,
    breaking: f.breaking,
    message: f.message,
    ...locate(f),
    via: f.via,
  }));
}

/**
 * Merges findings of several IDL files that are one change (a type declared in a file both
 * import), joining their `via`, and orders them: breaking first, then by file, line, column.
 */
export function mergeAndSort(findings: readonly LocatedFinding[]): LocatedFinding[] {
  const byKey = new Map<string, LocatedFinding>();
  for (const f of findings) {
    const key = JSON.stringify([f.rule, f.file, f.line, f.column, f.message]);
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen === undefined ? f : { ...seen, via: [...new Set([...seen.via, ...f.via])] },
    );
  }
  return [...byKey.values()].sort(
    (a, b) =>
      Number(b.breaking) - Number(a.breaking) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/** One line per finding: `path.ts:12:3 breaking required-field-added: ... (via A.b)`. */
export function textReport(findings: readonly LocatedFinding[], cwd: string): string {
  const lines = findings.map((f) => {
    const where = `${displayPath(f.file, cwd)}${f.line === undefined ? "" : `:${f.line}:${f.column}`}`;
    const via = f.via.length === 0 ? "" : ` (via ${f.via.join(", ")})`;
    return `${where} ${f.breaking ? "breaking" : "safe"} ${f.rule}: ${f.message}${via}\n`;
  });
  return lines.join("");
}

/** The closing line: `rpcgen: 2 breaking changes, 1 safe change`. */
export function summaryLine(findings: readonly LocatedFinding[]): string {
  const breaking = findings.filter((f) => f.breaking).length;
  const safe = findings.length - breaking;
  if (findings.length === 0) return "rpcgen: no changes that matter to clients or servers\n";
  const plural = (n: number, word: string) => `${n} ${word} change${n === 1 ? "" : "s"}`;
  return `rpcgen: ${plural(breaking, "breaking")}, ${plural(safe, "safe")}\n`;
}

/** The `--json` document: every finding with its location, for CI. */
export function jsonReport(findings: readonly LocatedFinding[], cwd: string): string {
  const shown = findings.map((f) => ({ ...f, file: displayPath(f.file, cwd) }));
  return `${JSON.stringify(
    {
      breaking: shown.filter((f) => f.breaking),
      safe: shown.filter((f) => !f.breaking),
    },
    null,
    2,
  )}\n`;
}
