import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The starter project's files, kept as real files in the package's `templates/init/` folder
 * (shipped in the npm tarball through `files`) so they can be read, formatted and linted like
 * any source. Two placeholders are filled in: `{{name}}` (the npm package name) and
 * `{{version}}` (rpcgen's own version, for the `@rpcgen/*` dependency ranges).
 */

/** The folder, from `src/init/` or `dist/init/` alike. */
const templateDir = fileURLToPath(new URL("../../templates/init/", import.meta.url));

/**
 * Files whose real name npm would not ship: it never packs a `.gitignore` (and would read one as
 * ignore rules), so the template is stored without the dot.
 */
const renamed: Readonly<Record<string, string>> = { gitignore: ".gitignore" };

/** One file of the starter project. */
export interface TemplateFile {
  /** Path inside the project, with `/` separators. */
  readonly path: string;
  readonly content: string;
}

/** The values of the placeholders. */
export interface TemplateValues {
  readonly name: string;
  readonly version: string;
}

/** Every template file with its placeholders filled in, sorted by path. */
export function starterFiles(values: TemplateValues): TemplateFile[] {
  return listFiles(templateDir, "")
    .sort()
    .map((path) => ({
      path: renamed[path] ?? path,
      content: fill(readFileSync(join(templateDir, path), "utf8"), values, path),
    }));
}

function listFiles(dir: string, prefix: string): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? listFiles(dir, path) : [path];
  });
}

function fill(text: string, values: TemplateValues, path: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (placeholder, key: string) => {
    if (key === "name" || key === "version") return values[key];
    throw new Error(`rpcgen init: unknown placeholder ${placeholder} in template ${path}`);
  });
}
