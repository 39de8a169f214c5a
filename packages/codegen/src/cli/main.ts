import { generatorVersion } from "../version.js";
import { runGenerate } from "./generate-command.js";
import { runInit } from "./init-command.js";
import { ExitCode, usageError } from "./report.js";
import { runSkeleton } from "./skeleton-command.js";
import { mainUsage } from "./usage.js";

/** The commands, by name: each takes the arguments after its name and returns the exit code. */
const commands: Readonly<Record<string, (args: readonly string[]) => number | Promise<number>>> = {
  generate: runGenerate,
  skeleton: runSkeleton,
  init: runInit,
};

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(mainUsage);
    return command === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (command === "-v" || command === "--version") {
    process.stdout.write(`${generatorVersion}\n`);
    return ExitCode.Ok;
  }
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (run !== undefined) return run(rest);
  if (command.startsWith("-")) return usageError(`unknown option ${command.split("=")[0]}`);
  const known = Object.keys(commands).join(", ");
  return usageError(`unknown command "${command}"; the commands are ${known}`);
}
