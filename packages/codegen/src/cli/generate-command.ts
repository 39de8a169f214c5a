import { describeProject } from "../analyze/index.js";
import { type GeneratedFile, type GenerateOptions, generate } from "../generate.js";
import { generatePython } from "../python/index.js";
import { describeArgsError, parseCommandArgs } from "./args.js";
import { ExitCode, usageError } from "./report.js";
import { reportDiagnostics } from "./report-diagnostics.js";
import { generateUsage } from "./usage.js";
import { watch } from "./watch.js";

const command = "rpcgen generate";

const options = {
  out: { type: "string", short: "o", value: "<dir>" },
  tsconfig: { type: "string", short: "p", value: "<path>" },
  lang: { type: "string", short: "l", value: "<lang>" },
  watch: { type: "boolean", short: "w" },
  check: { type: "boolean" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `rpcgen generate <files...> --out <dir>`: returns the exit code. */
export async function runGenerate(args: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs(args, options);
  if (!parsed.ok) return usageError(describeArgsError(parsed.error, command), command);
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(generateUsage);
    return ExitCode.Ok;
  }
  if (positionals.length === 0) {
    return usageError("no input files: rpcgen generate <files...> --out <dir>", command);
  }
  if (values.out === undefined) return usageError("--out <dir> is required", command);
  if (values.watch === true && values.check === true) {
    return usageError("--watch and --check cannot be combined", command);
  }
  const lang = values.lang ?? "typescript";
  if (lang !== "typescript" && lang !== "python") {
    return usageError(`--lang must be typescript or python, got ${JSON.stringify(lang)}`, command);
  }
  if (lang === "python" && values.watch === true) {
    return usageError("--watch generates TypeScript only; drop --watch or --lang python", command);
  }
  const generateOptions: GenerateOptions = {
    files: positionals,
    outDir: values.out,
    check: values.check === true,
    ...(values.tsconfig === undefined ? {} : { tsconfig: values.tsconfig }),
  };
  const verbose = values.verbose === true;
  if (values.watch === true) {
    await watch(generateOptions, { verbose });
    return ExitCode.Ok;
  }
  return generateOnce(generateOptions, verbose, lang);
}

/** One generation: prints problems or what was written; returns the exit code. */
export function generateOnce(
  options: GenerateOptions,
  verbose = false,
  lang: "typescript" | "python" = "typescript",
): number {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const result = lang === "python" ? generatePython(options) : generate(options);
  // --verbose: which tsconfig.json (and so which module resolution) the inputs were read with.
  if (verbose && result.project !== undefined) {
    process.stdout.write(`rpcgen: ${describeProject(result.project, cwd)}\n`);
  }
  if (result.diagnostics.length > 0) return reportDiagnostics(result.diagnostics, cwd);
  const ms = Math.round(performance.now() - started);
  if (options.check === true) return reportCheck(result.files, ms);
  const written = printWritten(result.files);
  process.stdout.write(
    `rpcgen: ${written} written, ${result.files.length - written} unchanged (${ms} ms)\n`,
  );
  return ExitCode.Ok;
}

function reportCheck(files: readonly GeneratedFile[], ms: number): number {
  const stale = files.filter((f) => f.status === "stale");
  for (const f of stale) process.stderr.write(`rpcgen: out of date: ${f.path}\n`);
  if (stale.length > 0) {
    process.stderr.write("rpcgen: run `rpcgen generate` to update the generated files\n");
    return ExitCode.InputError;
  }
  process.stdout.write(`rpcgen: ${files.length} files up to date (${ms} ms)\n`);
  return ExitCode.Ok;
}

/**
 * Prints `rpcgen: wrote <path>` for each file written, the path as `show` makes it; returns how
 * many there were.
 */
export function printWritten(
  files: readonly GeneratedFile[],
  show: (path: string) => string = (path) => path,
): number {
  const written = files.filter((f) => f.status === "written");
  for (const f of written) process.stdout.write(`rpcgen: wrote ${show(f.path)}\n`);
  return written.length;
}
