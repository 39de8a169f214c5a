import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

/**
 * The formatter settings of generated code, fixed here so a user's own Biome configuration
 * (tabs, another line width, ignored folders) never changes what rpcgen writes. They match the
 * rpcgen repository's own settings, so checked-in goldens pass its `biome check`.
 */
const biomeConfig = {
  vcs: { enabled: false },
  files: { ignoreUnknown: false },
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

let launcher: string | undefined;
let configDir: string | undefined;

/**
 * Formats TypeScript `source` exactly as Biome (the `@biomejs/biome` this package depends on)
 * does, with rpcgen's fixed settings. `fileName` only tells Biome the language (`.ts`). Throws
 * with Biome's diagnostics when the source does not parse.
 */
export function formatWithBiome(source: string, fileName: string): string {
  launcher ??= createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
  configDir ??= writeConfig();
  try {
    return execFileSync(
      process.execPath,
      [
        launcher,
        "format",
        `--config-path=${configDir}`,
        `--stdin-file-path=${basename(fileName)}`,
        "--colors=off",
      ],
      {
        cwd: configDir,
        input: source,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const detail = typeof stderr === "string" && stderr.trim() !== "" ? `\n${stderr.trim()}` : "";
    throw new Error(`rpcgen: Biome could not format ${fileName}${detail}`, { cause: error });
  }
}

/**
 * Writes the configuration once per machine and settings, into a directory named by its hash;
 * written to a temporary name and renamed so concurrent generators never read half a file.
 */
function writeConfig(): string {
  const text = `${JSON.stringify(biomeConfig, null, 2)}\n`;
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 12);
  const dir = join(tmpdir(), `rpcgen-biome-${hash}`);
  const file = join(dir, "biome.json");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  }
  return dir;
}
