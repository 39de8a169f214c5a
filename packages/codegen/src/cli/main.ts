import { parseArgs } from "node:util";
import { formatDiagnostic } from "../analyze/index.js";
import { type GenerateOptions, generate } from "../generate.js";
import { generatorVersion } from "../version.js";
import { generateUsage, mainUsage } from "./usage.js";
import { watch } from "./watch.js";

/** Exit codes of the CLI. */
const ExitCode = { Ok: 0, InputError: 1, Usage: 2 } as const;

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
  if (command === "generate") return runGenerate(rest);
  return usageError(`unknown command "${command}"`, mainUsage);
}

async function runGenerate(args: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseGenerate>;
  try {
    parsed = parseGenerate(args);
  } catch (error) {
    return usageError((error as Error).message, generateUsage);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(generateUsage);
    return ExitCode.Ok;
  }
  if (positionals.length === 0) return usageError("no input files", generateUsage);
  if (values.out === undefined) return usageError("--out <dir> is required", generateUsage);
  if (values.watch === true && values.check === true) {
    return usageError("--watch and --check cannot be combined", generateUsage);
  }
  const options: GenerateOptions = {
    files: positionals,
    outDir: values.out,
    check: values.check === true,
    ...(values.tsconfig === undefined ? {} : { tsconfig: values.tsconfig }),
  };
  if (values.watch === true) {
    await watch(options, runOnce);
    return ExitCode.Ok;
  }
  return runOnce(options);
}

function parseGenerate(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: "string", short: "o" },
      tsconfig: { type: "string", short: "p" },
      watch: { type: "boolean", short: "w" },
      check: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** One generation: prints diagnostics or what was written; returns the exit code. */
function runOnce(options: GenerateOptions): number {
  const started = performance.now();
  const cwd = process.cwd();
  const result = generate(options);
  if (result.diagnostics.length > 0) {
    for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d, cwd)}\n`);
    const n = result.diagnostics.length;
    process.stderr.write(`rpcgen: ${n} error${n === 1 ? "" : "s"}, nothing written\n`);
    return ExitCode.InputError;
  }
  const ms = Math.round(performance.now() - started);
  const stale = result.files.filter((f) => f.status === "stale");
  if (options.check === true) {
    for (const f of stale) process.stderr.write(`rpcgen: out of date: ${f.path}\n`);
    if (stale.length > 0) {
      process.stderr.write("rpcgen: run `rpcgen generate` to update the generated files\n");
      return ExitCode.InputError;
    }
    process.stdout.write(`rpcgen: ${result.files.length} files up to date (${ms} ms)\n`);
    return ExitCode.Ok;
  }
  const written = result.files.filter((f) => f.status === "written");
  for (const f of written) process.stdout.write(`rpcgen: wrote ${f.path}\n`);
  process.stdout.write(
    `rpcgen: ${written.length} written, ${result.files.length - written.length} unchanged (${ms} ms)\n`,
  );
  return ExitCode.Ok;
}

function usageError(message: string, usage: string): number {
  process.stderr.write(`rpcgen: ${message}\n\n${usage}`);
  return ExitCode.Usage;
}
