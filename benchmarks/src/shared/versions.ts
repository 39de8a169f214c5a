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
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
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
  for (const name of [...packages].sort()) versions[name] = installedVersion(name) ?? "?";
  return versions;
}

/** The `version` of a package installed for the benchmarks (benchmarks/node_modules). */
export function installedVersion(name: string): string | undefined {
  try {
    const text = readFileSync(join(benchDir, "node_modules", name, "package.json"), "utf8");
    return (JSON.parse(text) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
