import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Diagnostic } from "../analyze/index.js";
import { generate } from "../generate.js";
import { generatorVersion } from "../version.js";
import { starterFiles, type TemplateFile } from "./templates.js";

/** The starter's IDL file and where its code is generated, relative to the project. */
export const starterLayout = { idl: "services/greeter.ts", genDir: "src/gen" } as const;

/** Options of {@link initProject}. */
export interface InitOptions {
  /** The project directory: created if missing; if it exists it must be empty (or hold only `.git`). */
  readonly dir: string;
  /** Base for a relative `dir`; default `process.cwd()`. */
  readonly cwd?: string;
}

/** Why {@link initProject} created nothing. */
export type InitError =
  /** `dir` is a file. */
  | { readonly code: "not-a-directory"; readonly path: string }
  /** `dir` holds files already; `entries` names some of them. */
  | { readonly code: "not-empty"; readonly path: string; readonly entries: readonly string[] }
  /** The starter's IDL did not generate: a bug in rpcgen, never the user's input. */
  | { readonly code: "generate"; readonly diagnostics: readonly Diagnostic[] };

/** What {@link initProject} did. */
export type InitResult =
  | {
      readonly ok: true;
      /** Absolute path of the project. */
      readonly dir: string;
      /** The npm package name, from the directory's name. */
      readonly name: string;
      /** Every file created, relative to `dir` with `/` separators, sorted. */
      readonly files: readonly string[];
    }
  | { readonly ok: false; readonly error: InitError };

/**
 * Creates a starter project in `dir`: a Greeter IDL, its generated code, a TCP server and a
 * client, `package.json` (depending on this rpcgen's version of the `@rpcgen/*` packages),
 * `tsconfig.json`, `.gitignore` and a README. Never overwrites a file: a directory holding
 * anything but `.git` is refused, and every file is created exclusively.
 */
export function initProject(options: InitOptions): InitResult {
  const dir = resolve(options.cwd ?? process.cwd(), options.dir);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) {
      return { ok: false, error: { code: "not-a-directory", path: dir } };
    }
    // `.git` alone is fine: `git init` first is a common way to start.
    const entries = readdirSync(dir)
      .filter((entry) => entry !== ".git")
      .sort();
    if (entries.length > 0) {
      return { ok: false, error: { code: "not-empty", path: dir, entries: entries.slice(0, 5) } };
    }
  }
  const name = packageName(basename(dir));
  const files = starterFiles({ name, version: generatorVersion });
  // The project's tsconfig.json names type packages (`@types/node`) that arrive only with the
  // user's `npm install`, after init: it is written once the code is generated, so the IDL is
  // read as it would be before any install.
  const later = (path: string) => path === "tsconfig.json";
  const created = write(
    dir,
    files.filter((file) => !later(file.path)),
  );
  const generated = generate({
    files: [starterLayout.idl],
    outDir: starterLayout.genDir,
    cwd: dir,
  });
  if (generated.diagnostics.length > 0) {
    return { ok: false, error: { code: "generate", diagnostics: generated.diagnostics } };
  }
  for (const file of generated.files) {
    created.push(`${starterLayout.genDir}/${basename(file.path)}`);
  }
  created.push(
    ...write(
      dir,
      files.filter((file) => later(file.path)),
    ),
  );
  return { ok: true, dir, name, files: created.sort() };
}

/** Creates each file in `dir`; "wx": a file appearing meanwhile is never overwritten. */
function write(dir: string, files: readonly TemplateFile[]): string[] {
  return files.map((file) => {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content, { flag: "wx" });
    return file.path;
  });
}

/**
 * A valid npm package name from a directory name: lower case, characters npm allows, no
 * leading dot or underscore; `rpcgen-app` when nothing is left.
 */
export function packageName(dirName: string): string {
  const cleaned = dirName
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+|[.-]+$/g, "")
    .slice(0, 214);
  return cleaned === "" ? "rpcgen-app" : cleaned;
}
