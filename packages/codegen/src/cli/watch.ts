import { type FSWatcher, watch as watchFs } from "node:fs";
import { dirname, resolve } from "node:path";
import type { GenerateOptions } from "../generate.js";

/**
 * Runs `once` now and again whenever a TypeScript file changes in a directory holding an input
 * file (imports usually live beside the IDL). Changes arriving together are handled once.
 * Resolves when the process receives SIGINT or SIGTERM.
 */
export function watch(
  options: GenerateOptions,
  once: (options: GenerateOptions) => number,
): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.outDir);
  const dirs = [...new Set(options.files.map((file) => dirname(resolve(cwd, file))))];
  once(options);
  process.stdout.write(`rpcgen: watching ${dirs.join(", ")}\n`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchers: FSWatcher[] = dirs.map((dir) =>
    watchFs(dir, (_event, name) => {
      if (name === null || !/\.[cm]?tsx?$/.test(name)) return;
      // Our own output must not trigger another run when --out sits beside the inputs.
      if (resolve(dir, name).startsWith(`${outDir}/`) || dir === outDir) return;
      clearTimeout(timer);
      timer = setTimeout(() => once(options), 50);
    }),
  );
  return new Promise((resolveDone) => {
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      resolveDone();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
