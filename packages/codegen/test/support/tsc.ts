import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const tscBin = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/**
 * The compiler options the repository's own code is held to (tsconfig.base.json), plus
 * unused-locals/parameters checks: what a strict user project would turn on.
 */
export const strictOptions = {
  target: "ES2022",
  lib: ["ES2023"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  types: ["node"],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  noEmit: true,
} as const;

/** What tsc said. */
export interface TscRun {
  readonly code: number | null;
  /** stdout and stderr: tsc prints its errors to stdout. */
  readonly output: string;
}

/**
 * Runs tsc on `project` (a directory with a tsconfig.json), resolving `@rpcgen/*` to the
 * workspace's TypeScript sources through their `@rpcgen/source` export condition, so the check
 * never depends on a built dist/.
 */
export function tsc(project: string): TscRun {
  const result = spawnSync(
    process.execPath,
    [tscBin, "-p", ".", "--customConditions", "@rpcgen/source"],
    // From the project, so errors name files relative to it: `src/server.ts(3,5): error ...`.
    { cwd: project, encoding: "utf8", timeout: 120_000 },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Writes `<dir>/tsconfig.json` with {@link strictOptions} over `include`. */
export function writeStrictTsconfig(dir: string, include: readonly string[]): void {
  const config = { compilerOptions: strictOptions, include };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(config, null, 2)}\n`);
}
