import { isAbsolute, relative, sep } from "node:path";

/**
 * How the CLI talks back: exit codes, and every message it prints, prefixed `rpcgen:` so it
 * stands out among a build's output.
 */

/** Exit codes of the CLI. */
export const ExitCode = { Ok: 0, InputError: 1, Usage: 2 } as const;

/**
 * A usage error, one line ending with where help is (`(see rpcgen generate --help)`), rather
 * than the whole help text, which would bury the line that matters. Returns the exit code 2.
 */
export function usageError(message: string, command = "rpcgen"): number {
  process.stderr.write(`rpcgen: ${message} (see ${command} --help)\n`);
  return ExitCode.Usage;
}

/** A problem with the user's files (one that exists, one that is missing). Returns 1. */
export function inputError(message: string): number {
  process.stderr.write(`rpcgen: ${message}\n`);
  return ExitCode.InputError;
}

/** `path` relative to `cwd` when it lies inside it, else as given: for messages. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  return isAbsolute(rel) || rel.split(sep)[0] === ".." ? path : rel;
}
