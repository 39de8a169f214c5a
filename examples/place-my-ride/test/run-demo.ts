import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../src/demo/main.ts", import.meta.url));

/** Runs `pnpm demo` with `args` from the workspace's sources, to its end or `timeoutMs`. */
export function runDemo(args: readonly string[], timeoutMs: number): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    ["--conditions=@rpcgen/source", "--import", "tsx", main, ...args],
    { encoding: "utf8", timeout: timeoutMs },
  );
}
