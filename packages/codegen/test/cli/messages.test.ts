/**
 * What the CLI says when the command line or the input is wrong: every message in rpcgen's own
 * words, naming the command and where its help is, or the file at fault. Runs `main` in
 * process (the child-process tests are in cli.test.ts) and captures what it prints.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test, vi } from "vitest";
import { main } from "../../src/cli/main.js";

const tmp = join(fileURLToPath(new URL("../", import.meta.url)), ".tmp", `messages-${process.pid}`);
const idl = fileURLToPath(new URL("../fixtures/idl/", import.meta.url));

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the CLI in this process; returns its exit code and what it printed. */
async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A file in the scratch directory, with `content`. */
function scratch(path: string, content: string): string {
  const file = join(tmp, path);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, content);
  return file;
}

describe("usage errors: one line in rpcgen's words, exit 2", () => {
  test.each([
    [
      ["generate", "a.ts", "--x"],
      'unknown option --x for "rpcgen generate" (see rpcgen generate --help)',
    ],
    [
      ["generate", "-q", "a.ts"],
      'unknown option -q for "rpcgen generate" (see rpcgen generate --help)',
    ],
    [
      ["generate", "a.ts", "--out"],
      "--out needs a value: --out <dir> (see rpcgen generate --help)",
    ],
    [
      ["generate", "a.ts", "--out", "--check"],
      "--out needs a value: --out <dir> (see rpcgen generate --help)",
    ],
    [
      ["generate", "a.ts", "--out="],
      "--out needs a value: --out <dir> (see rpcgen generate --help)",
    ],
    [
      ["generate", "a.ts", "-o", "gen", "--check=yes"],
      '--check takes no value, but was given "yes" (see rpcgen generate --help)',
    ],
    [
      ["generate", "a.ts", "-o", "a", "--out", "b"],
      "--out is given twice; give it once (see rpcgen generate --help)",
    ],
    [
      ["generate", "--out", "gen"],
      "no input files: rpcgen generate <files...> --out <dir> (see rpcgen generate --help)",
    ],
    [["generate", "a.ts"], "--out <dir> is required (see rpcgen generate --help)"],
    [
      ["generate", "a.ts", "-o", "gen", "--watch", "--check"],
      "--watch and --check cannot be combined (see rpcgen generate --help)",
    ],
    [
      ["skeleton", "a.ts", "--out", "s.ts"],
      "--gen <dir> is required: where the generated code is (or goes) (see rpcgen skeleton --help)",
    ],
    [["skeleton", "a.ts", "--gen", "gen"], "--out <file> is required (see rpcgen skeleton --help)"],
    [
      ["skeleton", "--gen", "gen", "--out", "s.ts"],
      "no input files: rpcgen skeleton <files...> --gen <dir> --out <file> (see rpcgen skeleton --help)",
    ],
    [
      ["skeleton", "a.ts", "--force"],
      'unknown option --force for "rpcgen skeleton" (see rpcgen skeleton --help)',
    ],
    [["init"], "no directory: rpcgen init <dir> (see rpcgen init --help)"],
    [["init", "a", "b"], "one directory only, got 2 (see rpcgen init --help)"],
    [["init", "--name", "x"], 'unknown option --name for "rpcgen init" (see rpcgen init --help)'],
    [["--frobnicate"], "unknown option --frobnicate (see rpcgen --help)"],
    [
      ["frobnicate"],
      'unknown command "frobnicate"; the commands are generate, skeleton, init, call, check (see rpcgen --help)',
    ],
  ])("rpcgen %j", async (argv, message) => {
    const result = await run(...argv);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `rpcgen: ${message}\n` });
  });

  test("a value starting with a dash is given with =, and -- ends the options", async () => {
    const result = await run("generate", "--out=-gen", "--", "--not-an-option.ts");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--not-an-option\.ts:1:1 error: IDL file not found/);
  });
});

describe("help", () => {
  test.each([
    ["generate", "Usage: rpcgen generate <files...> --out <dir> [options]"],
    ["skeleton", "Usage: rpcgen skeleton <files...> --gen <dir> --out <file> [options]"],
    ["init", "Usage: rpcgen init <dir>"],
  ])("rpcgen %s --help prints its usage and exits 0", async (command, usage) => {
    const result = await run(command, "--help");
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(usage)).toBe(true);
    expect((await run(command, "-h")).stdout).toBe(result.stdout);
  });

  test("rpcgen --help lists every command", async () => {
    const { code, stdout } = await run("--help");
    expect(code).toBe(0);
    expect(stdout).toContain("generate <files...> --out <dir>");
    expect(stdout).toContain("skeleton <files...> --gen <dir> --out <file>");
    expect(stdout).toContain("init <dir>");
    expect(stdout).toContain("call <target> <Service>.<method> [json]");
    expect(stdout).toContain("check <old> <new>");
  });
});

describe("input errors name the file, exit 1 and write nothing", () => {
  test("an IDL file without a service, saying what a service is", async () => {
    const file = scratch("types-only/geo.ts", "export interface LatLon {\n  lat: number;\n}\n");
    const out = join(tmp, "types-only/gen");
    const result = await run("generate", file, "--out", out);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${relative(process.cwd(), file)}:1:1 error: no service in geo.ts: a service is an exported interface whose members are all methods, e.g. \`export interface Greeter { greet(name: string): Promise<string>; }\`. A file holding only types that services use need not be passed: rpcgen finds them through the imports. [no-service]\nrpcgen: 1 error, nothing written\n`,
    );
    // Beside a file that has a service, still nothing is written.
    expect((await run("generate", join(idl, "path.ts"), file, "--out", out)).code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  test("a file that does not exist", async () => {
    const missing = join(tmp, "nope.ts");
    const result = await run("generate", missing, "--out", join(tmp, "gen"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${relative(process.cwd(), missing)}:1:1 error: IDL file not found: check the path`,
    );
  });

  test("a directory in place of a file", async () => {
    mkdirSync(join(tmp, "services"), { recursive: true });
    const result = await run("generate", join(tmp, "services"), "--out", join(tmp, "gen"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "error: services is a directory, not an IDL file: pass the files that declare services (e.g. `services/*.ts`). [not-a-file]",
    );
  });
});
