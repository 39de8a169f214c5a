import { type InitError, initProject } from "../init/index.js";
import { describeArgsError, parseCommandArgs } from "./args.js";
import { displayPath, ExitCode, inputError, usageError } from "./report.js";
import { reportDiagnostics } from "./report-diagnostics.js";
import { initUsage } from "./usage.js";

const command = "rpcgen init";

const options = {
  help: { type: "boolean", short: "h" },
} as const;

/** `rpcgen init <dir>`: returns the exit code. */
export function runInit(args: readonly string[]): number {
  const parsed = parseCommandArgs(args, options);
  if (!parsed.ok) return usageError(describeArgsError(parsed.error, command), command);
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(initUsage);
    return ExitCode.Ok;
  }
  const [dir, ...extra] = positionals;
  if (dir === undefined) return usageError("no directory: rpcgen init <dir>", command);
  if (extra.length > 0) return usageError(`one directory only, got ${positionals.length}`, command);
  const cwd = process.cwd();
  const result = initProject({ dir, cwd });
  if (!result.ok) return reportError(result.error, cwd);
  const shown = displayPath(result.dir, cwd);
  process.stdout.write(`rpcgen: created ${result.name} in ${shown}/\n`);
  for (const file of result.files) process.stdout.write(`  ${file}\n`);
  const steps = [
    ...(shown === "." ? [] : [`cd ${shellWord(shown)}`]),
    "npm install",
    "npm run server      # in one terminal",
    "npm run client      # in another",
  ];
  process.stdout.write(`\nNext steps:\n${steps.map((step) => `  ${step}\n`).join("")}`);
  return ExitCode.Ok;
}

function reportError(error: InitError, cwd: string): number {
  switch (error.code) {
    case "not-a-directory":
      return inputError(`${displayPath(error.path, cwd)} is a file, not a directory`);
    case "not-empty":
      return inputError(
        `${displayPath(error.path, cwd)} is not empty (${error.entries.join(", ")}); rpcgen init writes a new project into a new or empty directory, and never overwrites a file`,
      );
    case "generate":
      return reportDiagnostics(error.diagnostics, cwd);
  }
}

/** `path` as one word for a POSIX shell: quoted when it holds anything but safe characters. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
