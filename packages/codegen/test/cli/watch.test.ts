import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const bin = join(repo, "packages/codegen/src/cli/bin.ts");
const tmpRoot = join(repo, "packages/codegen/test/.tmp");
const nodeArgs = ["--conditions=@rpcgen/source", "--import", "tsx", bin];
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project of three services: `a` and `c` import `shared/types.ts`, `b` imports nothing. */
function project(): string {
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, "watch-"));
  dirs.push(dir);
  mkdirSync(join(dir, "services"));
  mkdirSync(join(dir, "shared"));
  const files: Record<string, string> = {
    "tsconfig.json": JSON.stringify({
      compilerOptions: { strict: true, module: "nodenext", lib: ["es2023"], noEmit: true },
    }),
    "shared/types.ts": "export interface Point {\n  x: number;\n  y: number;\n}\n",
    "services/a.ts": service("A", 'import type { Point } from "../shared/types.js";\n', "Point"),
    "services/b.ts": service("B", "", "string"),
    "services/c.ts": service("C", 'import type { Point } from "../shared/types.js";\n', "Point[]"),
  };
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

function service(name: string, head: string, result: string, extra = ""): string {
  return `${head}\nexport interface ${name} {\n  get(id: string): Promise<${result}>;\n${extra}}\n`;
}

/** The lines a stream printed, and a way to wait for the next one matching a pattern. */
function lines(stream: NodeJS.ReadableStream) {
  const seen: string[] = [];
  let next = 0;
  let wake: (() => void) | undefined;
  let ended = false;
  createInterface({ input: stream })
    .on("line", (line) => {
      seen.push(line);
      wake?.();
    })
    .on("close", () => {
      ended = true;
      wake?.();
    });
  return {
    /** The next line (after those already taken) matching `pattern`, and those before it. */
    async take(pattern: RegExp): Promise<{ line: string; before: string[] }> {
      for (;;) {
        const index = seen.findIndex((line, i) => i >= next && pattern.test(line));
        if (index >= 0) {
          const before = seen.slice(next, index);
          next = index + 1;
          return { line: seen[index] ?? "", before };
        }
        // The CLI exited: fail now with what it printed rather than at the test's timeout.
        if (ended) throw new Error(`no line matching ${pattern} in:\n${seen.join("\n")}`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

const outputs = ["a.ts", "a.schema.json", "b.ts", "b.schema.json", "c.ts", "c.schema.json"];

function mtimes(out: string): Record<string, number> {
  return Object.fromEntries(outputs.map((f) => [f, statSync(join(out, f)).mtimeMs]));
}

/** The outputs whose mtime differs between two snapshots. */
function rewritten(before: Record<string, number>, after: Record<string, number>): string[] {
  return outputs.filter((f) => before[f] !== after[f]);
}

test("--watch regenerates only the inputs an edit reaches, survives errors, exits 0 on SIGTERM", {
  timeout: 120_000,
}, async () => {
  const dir = project();
  const out = join(dir, "gen");
  const inputs = ["services/a.ts", "services/b.ts", "services/c.ts"];
  const child = spawn(
    process.execPath,
    [...nodeArgs, "generate", ...inputs, "--out", "gen", "--watch"],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const stdout = lines(child.stdout);
  const stderr = lines(child.stderr);
  try {
    expect((await stdout.take(/^rpcgen: \d+ written/)).line).toMatch(
      /^rpcgen: 6 written, 0 unchanged \(\d+ ms\)$/,
    );
    // Printed once the folders are watched.
    expect((await stdout.take(/^rpcgen: watching/)).line).toContain("services");
    let before = mtimes(out);

    // b imports nothing: only its own outputs are written.
    writeFileSync(
      join(dir, "services/b.ts"),
      service("B", "", "string", "  ping(): Promise<void>;\n"),
    );
    const edit = await stdout.take(/^rpcgen: /);
    expect(edit.line).toMatch(/^rpcgen: 2 written, 0 unchanged \(\d+ ms\) after services\/b\.ts$/);
    expect(readFileSync(join(out, "b.ts"), "utf8")).toContain('name: "ping"');
    let after = mtimes(out);
    expect(rewritten(before, after)).toEqual(["b.ts", "b.schema.json"]);
    before = after;

    // The shared file reaches a and c, not b.
    writeFileSync(
      join(dir, "shared/types.ts"),
      "export interface Point {\n  x: number;\n  y: number;\n  z?: number;\n}\n",
    );
    const shared = await stdout.take(/^rpcgen: /);
    expect(shared.line).toMatch(
      /^rpcgen: 4 written, 0 unchanged \(\d+ ms\) after shared\/types\.ts$/,
    );
    expect(readFileSync(join(out, "c.schema.json"), "utf8")).toContain('"z"');
    after = mtimes(out);
    expect(rewritten(before, after)).toEqual(["a.ts", "a.schema.json", "c.ts", "c.schema.json"]);
    before = after;

    // An error is reported, nothing is written, and watching goes on.
    writeFileSync(
      join(dir, "services/a.ts"),
      service("A", 'import type { Point } from "../shared/types.js";\n', "Pointt"),
    );
    const failed = await stderr.take(/^rpcgen: \d+ errors?, /);
    expect(failed.line).toMatch(
      /^rpcgen: 2 errors, nothing written \(\d+ ms\) after services\/a\.ts$/,
    );
    expect(failed.before.join("\n")).toMatch(/services\/a\.ts:4:\d+ error: .*Pointt.*\[ts2552\]/);
    expect(rewritten(before, mtimes(out))).toEqual([]);

    // The next good edit recovers.
    writeFileSync(
      join(dir, "services/a.ts"),
      service("A", 'import type { Point } from "../shared/types.js";\n', "Point | null"),
    );
    const fixed = await stdout.take(/^rpcgen: /);
    expect(fixed.line).toMatch(/^rpcgen: 2 written, 0 unchanged \(\d+ ms\) after services\/a\.ts$/);
    after = mtimes(out);
    expect(rewritten(before, after)).toEqual(["a.ts", "a.schema.json"]);

    // A tsconfig change regenerates everything (here to the same bytes).
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "nodenext", lib: ["es2023"], noEmit: true },
      }),
    );
    const config = await stdout.take(/^rpcgen: /);
    expect(config.line).toMatch(/^rpcgen: 0 written, 6 unchanged \(\d+ ms\) after tsconfig\.json$/);

    // What the runs left is exactly what a full generation writes.
    const check = spawnSync(
      process.execPath,
      [...nodeArgs, "generate", ...inputs, "--out", "gen", "--check"],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited).toBe(0);
});
