import { compareSchemas } from "../check/compare.js";
import type { Finding } from "../check/findings.js";
import { GitProblem } from "../check/git-tree.js";
import { InputErrors, loadAgainst, loadVersion, type Version } from "../check/load.js";
import type { Location } from "../check/locate.js";
import {
  jsonReport,
  type LocatedFinding,
  locateAll,
  mergeAndSort,
  summaryLine,
  textReport,
} from "../check/report.js";
import { describeArgsError, parseCommandArgs } from "./args.js";
import { ExitCode, inputError, usageError } from "./report.js";
import { reportDiagnostics } from "./report-diagnostics.js";
import { checkUsage } from "./usage.js";

const command = "rpcgen check";

const options = {
  against: { type: "string", short: "a", value: "<git ref>" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `rpcgen check <old> <new>` or `rpcgen check --against <ref> <files...>`: prints every change
 * that matters to clients and servers; returns 1 when one breaks them.
 */
export async function runCheck(args: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs(args, options);
  if (!parsed.ok) return usageError(describeArgsError(parsed.error, command), command);
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(checkUsage);
    return ExitCode.Ok;
  }
  const cwd = process.cwd();
  let located: LocatedFinding[];
  try {
    if (values.against !== undefined) {
      if (positionals.length === 0) {
        return usageError(
          "--against <ref> needs the IDL files to compare: rpcgen check --against main services/*.ts",
          command,
        );
      }
      const ref = values.against;
      located = loadAgainst(positionals, ref, cwd).flatMap(({ old, next }) =>
        findingsOf(old, next),
      );
    } else {
      if (positionals.length !== 2) {
        return usageError(
          `expected two versions, <old> and <new>, got ${positionals.length} argument${positionals.length === 1 ? "" : "s"}`,
          command,
        );
      }
      const [old, next] = await Promise.all(positionals.map((file) => loadVersion(file, cwd)));
      located = findingsOf(old!, next!);
    }
  } catch (error) {
    if (error instanceof InputErrors) {
      return reportDiagnostics(error.diagnostics, error.cwd, "nothing compared");
    }
    if (error instanceof GitProblem || error instanceof Error) return inputError(error.message);
    throw error;
  }
  located = mergeAndSort(located);
  if (values.json === true) process.stdout.write(jsonReport(located, cwd));
  else process.stdout.write(`${textReport(located, cwd)}${summaryLine(located)}`);
  return located.some((f) => f.breaking) ? ExitCode.InputError : ExitCode.Ok;
}

/** The findings between two versions, located in the new one. */
function findingsOf(old: Version, next: Version): LocatedFinding[] {
  const locate = (f: Finding): Location =>
    next.locator?.locate(f.site) ?? { file: `${next.file}#${siteText(f)}` };
  return locateAll(compareSchemas(old.schema, next.schema), locate);
}

/** For a schema JSON, which has no positions: the site's service or type. */
function siteText(f: Finding): string {
  const site = f.site;
  switch (site.kind) {
    case "file":
      return "services";
    case "type":
      return `types/${site.id}`;
    default:
      return `services/${site.service}`;
  }
}
