/**
 * `pnpm fuzz [--minutes N]` (default 5): runs every fuzz test file of the workspace
 * (`packages/<package>/test/fuzz/*.test.ts`) over and over with fresh random seeds until N
 * minutes have passed, giving each property of the files that use `checkProperty` (budget.ts)
 * a longer time per run, and recording each new failing input in the property's regression
 * file (test/fuzz/regressions/<name>.json next to its test), which every later run, CI's
 * included, replays first. Prints the cases run per property and exits 1 if any run failed.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";

const root = join(import.meta.dirname, "../../../..");
const { values } = parseArgs({ options: { minutes: { type: "string", default: "5" } } });
const minutes = Number(values.minutes);
if (!(minutes > 0)) {
  console.error(`--minutes must be a positive number, got ${values.minutes}`);
  process.exit(2);
}

const files = readdirSync(join(root, "packages")).flatMap((pkg) => {
  const dir = join(root, "packages", pkg, "test", "fuzz");
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith(".test.ts"))
      .map((name) => relative(root, join(dir, name)));
  } catch {
    return [];
  }
});

/** Per property per run: long enough to go deep, short enough to rotate through every file. */
const propertyMs = 60_000;
const deadline = Date.now() + minutes * 60_000;
const cases = new Map<string, number>();
const failures: string[] = [];
let rounds = 0;

while (Date.now() < deadline) {
  rounds += 1;
  for (const file of files) {
    if (Date.now() >= deadline) break;
    // A file holds a few properties, each taking `ms`: split what is left so the last round
    // ends near the deadline rather than several minutes past it.
    const remaining = deadline - Date.now();
    const ms = Math.max(2000, Math.min(propertyMs, Math.round(remaining / (3 * files.length))));
    const run = spawnSync(
      "npx",
      ["vitest", "run", file, `--testTimeout=${ms + 60_000}`, "--reporter=dot"],
      {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          RPCGEN_FUZZ_MS: String(ms),
          RPCGEN_FUZZ_RECORD: "1",
          RPCGEN_FUZZ_REPORT: "1",
        },
      },
    );
    const output = `${run.stdout}${run.stderr}`;
    for (const [, name, count] of output.matchAll(/^fuzz-cases (\S+) (\d+)$/gm)) {
      cases.set(name!, (cases.get(name!) ?? 0) + Number(count));
    }
    if (run.status !== 0) {
      failures.push(file);
      process.stdout.write(`\n${file} failed (round ${rounds}):\n${output}\n`);
    } else {
      process.stdout.write(`round ${rounds}: ${file} passed\n`);
    }
  }
}

let total = 0;
for (const [name, count] of [...cases].sort()) {
  total += count;
  process.stdout.write(`${name}: ${count} cases\n`);
}
process.stdout.write(
  `${rounds} round(s) over ${files.length} files in ${minutes} min; ${total} cases in properties that count them; ${failures.length} failed run(s)\n`,
);
if (failures.length > 0) {
  process.stdout.write(
    "new failing inputs were appended to the regression files under test/fuzz/regressions/\n",
  );
  process.exit(1);
}
