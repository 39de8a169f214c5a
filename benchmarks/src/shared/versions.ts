import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { PeerSpec } from "../peers/index.js";
import { benchDir } from "./spawn.js";

/**
 * The packages a peer runs on and their installed versions, for results meta. Found by
 * reading the peer's scripts (and the files they import by relative path outside shared/),
 * so a new peer needs no registration beyond peers/index.ts.
 */
export function peerPackages(peer: PeerSpec): Record<string, string> {
  const sharedDir = resolve(benchDir, "src/shared");
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [peer.server, peer.client];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file) || !relative(sharedDir, file).startsWith("..")) continue;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    // `from`/`import` as a word of their own: "req.from" in a string literal is not an import.
    for (const match of text.matchAll(/(?<![\w.$"'])(?:from|import)\s*\(?\s*["']([^"'\s]+)["']/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith(".")) {
        queue.push(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      } else if (!specifier.startsWith("node:")) {
        const parts = specifier.split("/");
        packages.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
      }
    }
  }
  const versions: Record<string, string> = {};
  for (const name of packages) {
    versions[name] = installedVersion(name) ?? "?";
    // Our own packages are measured with what they run on (msgpackr, ws), so name that too.
    if (name.startsWith("@rpcgen/")) Object.assign(versions, dependencyVersions(name));
  }
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
}

/** The installed versions of a workspace package's own runtime dependencies. */
function dependencyVersions(name: string): Record<string, string> {
  const dir = join(benchDir, "node_modules", name);
  const versions: Record<string, string> = {};
  try {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (dependency.startsWith("@rpcgen/")) continue;
      versions[dependency] = installedVersion(dependency, dir) ?? "?";
    }
  } catch {
    // No manifest: nothing more to name.
  }
  return versions;
}

/** The `version` of a package installed for the benchmarks (or for the package in `from`). */
export function installedVersion(name: string, from = benchDir): string | undefined {
  try {
    const text = readFileSync(join(from, "node_modules", name, "package.json"), "utf8");
    return (JSON.parse(text) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
