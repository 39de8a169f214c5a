import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

/**
 * Biome as the tests' oracle for the formatter in src/emit/format: generated code must be byte
 * for byte what `biome format` writes with the settings below (the repository's own, fixed so
 * that a Biome configuration elsewhere never applies). Biome is a devDependency only; nothing
 * under src runs it.
 */
const biomeConfig = {
  vcs: { enabled: false },
  // Generated modules can exceed Biome's default limit of 1 MiB, past which it skips a file.
  files: { ignoreUnknown: false, maxSize: 64 * 1024 * 1024 },
  formatter: {
    enabled: true,
    indentStyle: "space",
    indentWidth: 2,
    lineWidth: 100,
    lineEnding: "lf",
  },
  javascript: { formatter: { quoteStyle: "double", semicolons: "always", trailingCommas: "all" } },
  linter: { enabled: false },
  assist: { enabled: false },
};

const launcher = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");

/** Runs Biome in `cwd` with the fixed configuration written there; returns its stdout. */
function biome(cwd: string, args: readonly string[], input?: string): string {
  writeFileSync(join(cwd, "biome.json"), JSON.stringify(biomeConfig));
  try {
    return execFileSync(
      process.execPath,
      [launcher, ...args, `--config-path=${cwd}`, "--colors=off"],
      {
        cwd,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["pipe", "pipe", "pipe"],
        ...(input === undefined ? {} : { input }),
      },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: unknown; stderr?: unknown };
    throw new Error(`Biome failed:\n${String(stdout ?? "")}\n${String(stderr ?? "")}`.trim(), {
      cause: error,
    });
  }
}

/**
 * Formats one source as Biome does; `fileName` only tells Biome the language (`.ts`, `.json`).
 * Throws with Biome's diagnostics when the source does not parse.
 */
export function formatWithBiome(source: string, fileName: string): string {
  const dir = mkdtempSync(join(tmpdir(), "rpcgen-biome-"));
  try {
    return biome(dir, ["format", `--stdin-file-path=${basename(fileName)}`], source);
  } catch (error) {
    throw new Error(`could not format ${fileName}: ${(error as Error).message}`, { cause: error });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Formats many files with one Biome process (one process per file costs ~100 ms): `files` maps
 * file names (`a.ts`, `a.schema.json`; no directories) to their content, and the result maps
 * them to Biome's formatting of it.
 */
export function formatAllWithBiome(files: ReadonlyMap<string, string>): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "rpcgen-biome-"));
  try {
    const src = join(dir, "files");
    mkdirSync(src);
    for (const [name, content] of files) writeFileSync(join(src, name), content);
    biome(dir, ["format", "--write", "--max-diagnostics=20", src]);
    return new Map([...files.keys()].map((name) => [name, readFileSync(join(src, name), "utf8")]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
