/**
 * The rule docs/codegen.md states under "Where the IDL lives: rootDir", checked as a user meets
 * it: rpcgen generates with `-p` wherever the IDL lies (it emits nothing, so the tsconfig's
 * rootDir and outDir do not concern it), and the user's own tsc then fails with TS6059 on the
 * generated module's import when the IDL is outside rootDir, and passes once it is inside.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { generate } from "../../src/generate.js";
import { strictOptions, tsc } from "../support/tsc.js";

const root = join(
  fileURLToPath(new URL("../", import.meta.url)),
  ".tmp",
  `rootdir-${process.pid}-${Date.now().toString(36)}`,
);
const idl = "export interface Pinger {\n  ping(): Promise<void>;\n}\n";
// Each test spawns the CLI (or tsc) a few times: on a loaded machine that exceeds the default 30 s.
const slow = { timeout: 120_000 };

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A project compiling `src/` with rootDir `src`, its IDL at `idlPath`, generated with `-p`. */
function project(name: string, idlPath: string) {
  const dir = join(root, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  mkdirSync(join(dir, idlPath, ".."), { recursive: true });
  writeFileSync(join(dir, idlPath), idl);
  const compilerOptions = { ...strictOptions, rootDir: "src", outDir: "dist" };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }));
  const generated = generate({
    files: [idlPath],
    outDir: "src/gen",
    tsconfig: "tsconfig.json",
    cwd: dir,
  });
  return { dir, generated };
}

describe("an IDL file and the tsconfig's rootDir", slow, () => {
  test("outside rootDir: rpcgen generates, the project's tsc fails with TS6059 at the import", () => {
    const { dir, generated } = project("outside", "services/pinger.ts");
    expect(generated.diagnostics).toEqual([]);
    const run = tsc(dir);
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(
      /^src\/gen\/pinger\.ts\(\d+,\d+\): error TS6059: File '.*\/outside\/services\/pinger\.ts' is not under 'rootDir' '.*\/outside\/src'/m,
    );
  });

  test("inside rootDir: the project compiles", () => {
    const { dir, generated } = project("inside", "src/services/pinger.ts");
    expect(generated.diagnostics).toEqual([]);
    const run = tsc(dir);
    expect(run.output).toBe("");
    expect(run.code).toBe(0);
  });
});
