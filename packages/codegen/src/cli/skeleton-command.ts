import { type SkeletonError, writeSkeleton } from "../skeleton/index.js";
import { describeArgsError, parseCommandArgs } from "./args.js";
import { printWritten } from "./generate-command.js";
import { displayPath, ExitCode, inputError, usageError } from "./report.js";
import { reportDiagnostics } from "./report-diagnostics.js";
import { skeletonUsage } from "./usage.js";

const command = "rpcgen skeleton";

const options = {
  gen: { type: "string", short: "g", value: "<dir>" },
  out: { type: "string", short: "o", value: "<file>" },
  tsconfig: { type: "string", short: "p", value: "<path>" },
  help: { type: "boolean", short: "h" },
} as const;

/** `rpcgen skeleton <files...> --gen <dir> --out <file>`: returns the exit code. */
export function runSkeleton(args: readonly string[]): number {
  const parsed = parseCommandArgs(args, options);
  if (!parsed.ok) return usageError(describeArgsError(parsed.error, command), command);
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(skeletonUsage);
    return ExitCode.Ok;
  }
  if (positionals.length === 0) {
    return usageError(
      "no input files: rpcgen skeleton <files...> --gen <dir> --out <file>",
      command,
    );
  }
  if (values.gen === undefined) {
    return usageError("--gen <dir> is required: where the generated code is (or goes)", command);
  }
  if (values.out === undefined) return usageError("--out <file> is required", command);
  const cwd = process.cwd();
  const result = writeSkeleton({
    files: positionals,
    genDir: values.gen,
    outFile: values.out,
    ...(values.tsconfig === undefined ? {} : { tsconfig: values.tsconfig }),
  });
  if (!result.ok) return reportError(result.error, cwd);
  printWritten(result.generated, (path) => displayPath(path, cwd));
  const path = displayPath(result.path, cwd);
  process.stdout.write(
    `rpcgen: wrote ${path}, a skeleton of ${result.services.join(", ")}: every method throws unimplemented until you write it\n`,
  );
  return ExitCode.Ok;
}

function reportError(error: SkeletonError, cwd: string): number {
  switch (error.code) {
    case "exists":
      return inputError(
        `${displayPath(error.path, cwd)} exists; rpcgen skeleton never overwrites a file. Choose another --out, or move the file away first.`,
      );
    case "input":
      return reportDiagnostics(error.diagnostics, cwd);
    case "duplicate-service": {
      const [a, b] = error.files.map((file) => displayPath(file, cwd));
      return inputError(
        `${a} and ${b} both declare a service ${error.service}; one server routes by service name, so give them one skeleton each or rename one.`,
      );
    }
  }
}
