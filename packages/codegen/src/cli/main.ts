import { generatorVersion } from "../version.js";
import { ExitCode, usageError } from "./report.js";
import { mainUsage } from "./usage.js";

/**
 * The commands, by name: each takes the arguments after its name and returns the exit code.
 * Each is loaded when it runs: most load TypeScript, which `--help`, `--version` and
 * `rpcgen call --list` have no use for.
 */
const commands: Readonly<Record<string, (args: readonly string[]) => Promise<number>>> = {
  generate: async (args) => (await import("./generate-command.js")).runGenerate(args),
  skeleton: async (args) => (await import("./skeleton-command.js")).runSkeleton(args),
  init: async (args) => (await import("./init-command.js")).runInit(args),
  call: async (args) => (await import("./call-command.js")).runCall(args),
  check: async (args) => (await import("./check-command.js")).runCheck(args),
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
