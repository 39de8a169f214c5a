import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const bin = join(repo, "packages/codegen/src/cli/bin.ts");
const idl = join(repo, "packages/codegen/test/fixtures/idl");
const tmpRoot = join(repo, "packages/codegen/test/.tmp");
const nodeArgs = ["--conditions=@rpcgen/source", "--import", "tsx", bin];
const dirs: string[] = [];
// Each test spawns the CLI (or tsc) a few times: on a loaded machine that exceeds the default 30 s.
const slow = { timeout: 120_000 };

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, "cli-"));
  dirs.push(dir);
  return dir;
}

/** Runs the real CLI in a child process, as a user or a build script would. */
function rpcgen(...args: string[]) {
  const result = spawnSync(process.execPath, [...nodeArgs, ...args], {
    cwd: repo,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("rpcgen CLI", slow, () => {
  test("--help prints the commands and exits 0; no command is a usage error", () => {
    const help = rpcgen("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("generate <files...> --out <dir>");
    expect(rpcgen().code).toBe(2);
    const generateHelp = rpcgen("generate", "--help");
    expect(generateHelp.code).toBe(0);
    expect(generateHelp.stdout).toContain("--watch");
  });

  test("usage errors exit 2 and say what is wrong", () => {
    const unknown = rpcgen("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const noOut = rpcgen("generate", join(idl, "path.ts"));
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("--out <dir> is required");
    const badFlag = rpcgen("generate", join(idl, "path.ts"), "--out", "x", "--frobnicate");
    expect(badFlag.code).toBe(2);
  });

  test("generate writes the module and schema, then leaves unchanged files alone", () => {
    const out = tempDir();
    const first = rpcgen("generate", join(idl, "path.ts"), "--out", out);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("2 written, 0 unchanged");
    expect(readFileSync(join(out, "path.ts"), "utf8")).toContain("export const PathServiceDef");
    expect(JSON.parse(readFileSync(join(out, "path.schema.json"), "utf8"))).toMatchObject({
      schemaVersion: 1,
      services: [{ name: "PathService" }],
    });
    const again = rpcgen("generate", join(idl, "path.ts"), "--out", out);
    expect(again.stdout).toContain("0 written, 2 unchanged");
  });

  test("--check exits 1 when the output is out of date and 0 when it is current", () => {
    const out = tempDir();
    expect(rpcgen("generate", join(idl, "path.ts"), "--out", out, "--check").code).toBe(1);
    rpcgen("generate", join(idl, "path.ts"), "--out", out);
    expect(rpcgen("generate", join(idl, "path.ts"), "--out", out, "--check").code).toBe(0);
    writeFileSync(join(out, "path.ts"), "// edited by hand\n");
    const stale = rpcgen("generate", join(idl, "path.ts"), "--out", out, "--check");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("out of date");
  });

  test("refused input exits 1 with every error as file:line:col and writes nothing", () => {
    const out = tempDir();
    const result = rpcgen("generate", join(idl, "refused/multiple.ts"), "--out", out);
    expect(result.code).toBe(1);
    // The wording is the analyzer's (tested there); here only that each one is reported.
    expect(result.stderr).toMatch(
      /multiple\.ts:4:13 error: `\(\) => void`.*\[unsupported-function\]/,
    );
    expect(result.stderr).toMatch(/multiple\.ts:5:13 error: `any`.*\[any-in-request\]/);
    expect(result.stderr).toMatch(/multiple\.ts:6:7 error: `symbol`.*\[unsupported-symbol\]/);
    expect(result.stderr).toContain("nothing written");
    expect(rpcgen("generate", join(idl, "path.ts"), "--out", out, "--check").code).toBe(1);
  });
});
