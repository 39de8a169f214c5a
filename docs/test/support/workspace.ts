import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The doc whose named files every other doc may borrow (see docs/contributing.md). */
export const mainReadme = "README.md";

/**
 * The docs whose ts blocks are checked, relative to the repository root: the README, every
 * Markdown file under docs/, and the README of each package and example.
 */
export function docsToCheck(): string[] {
  const docs = [mainReadme];
  const docsDir = join(repoRoot, "docs");
  const underDocs = readdirSync(docsDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md") && !file.split(sep).includes("node_modules"))
    .map((file) => relative(repoRoot, join(docsDir, file)));
  docs.push(...underDocs.sort());
  for (const folder of ["packages", "examples"]) {
    for (const name of readdirSync(join(repoRoot, folder)).sort()) {
      const readme = join(folder, name, "README.md");
      if (existsSync(join(repoRoot, readme))) docs.push(readme);
    }
  }
  return docs.map((doc) => doc.split(sep).join("/"));
}

export function readDoc(doc: string): string {
  return readFileSync(join(repoRoot, doc), "utf8");
}

interface PackageJson {
  readonly name?: string;
  readonly exports?: Record<string, unknown>;
}

/**
 * `@rpcgen/*` import specifiers mapped to the sources their `@rpcgen/source` export condition
 * names, for the compiler's `paths`: the doc projects live outside every package, where no
 * node_modules links the workspace packages, and must see the sources rather than a stale dist/.
 */
export function workspacePackagePaths(): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  const packagesDir = join(repoRoot, "packages");
  for (const folder of readdirSync(packagesDir)) {
    const manifest = join(packagesDir, folder, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as PackageJson;
    if (pkg.name === undefined || pkg.exports === undefined) continue;
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const source = sourceTarget(target);
      if (source === undefined) continue;
      const specifier = subpath === "." ? pkg.name : `${pkg.name}${subpath.slice(1)}`;
      paths[specifier] = [join(packagesDir, folder, source)];
    }
  }
  return paths;
}

function sourceTarget(target: unknown): string | undefined {
  if (typeof target !== "object" || target === null) return undefined;
  const source: unknown = Reflect.get(target, "@rpcgen/source");
  return typeof source === "string" ? source : undefined;
}
