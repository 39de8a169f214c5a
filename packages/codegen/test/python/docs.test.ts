/**
 * The python blocks of docs/python.md compile and pass `mypy --strict` against the modules
 * generated for placeMyRide (examples/place-my-ride/python/), as the docs' ts blocks are
 * type-checked against the workspace.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { needs } from "../../../runtime/test/support/external.js";
import { repo, run, scratch } from "./support.js";

const hasMypy = await needs("mypy", "Python type-checking tests");
const doc = readFileSync(join(repo, "docs/python.md"), "utf8");
const blocks = [...doc.matchAll(/^```python\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? "");

describe.runIf(hasMypy)("docs/python.md", () => {
  const work = scratch("docs");
  afterAll(() => work.remove());

  test(`its ${blocks.length} python blocks pass mypy --strict`, async () => {
    expect(blocks.length).toBeGreaterThan(0);
    const files = blocks.map((code, i) => {
      const file = join(work.dir, `block_${i + 1}.py`);
      writeFileSync(file, code);
      return file;
    });
    const args = ["--strict", "--python-version", "3.10", "--cache-dir", join(work.dir, ".mypy")];
    // MYPYPATH finds the generated modules the blocks import.
    const env = { MYPYPATH: join(repo, "examples/place-my-ride/python") };
    const checked = await run("mypy", [...args, ...files], { cwd: work.dir, env });
    expect(checked.stdout).toMatch(/^Success: no issues found/);
  });
});
