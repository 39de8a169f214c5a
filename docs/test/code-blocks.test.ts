/**
 * Every ts block of the README, docs/ and the package and example READMEs type-checks under
 * the workspace's strict options, against the workspace's packages and the code rpcgen
 * generates for the docs' IDL blocks: a snippet that no longer compiles fails here, naming
 * the doc and the line. The convention the docs follow is in docs/contributing.md.
 */
import { describe, expect, it } from "vitest";
import type { DocBlocks } from "./support/blocks.js";
import { blocksOfDoc, checkDoc } from "./support/check-doc.js";
import { docsToCheck } from "./support/workspace.js";

const all = docsToCheck().map((doc) => ({ doc, blocks: blocksOfDoc(doc) }));
// A doc without ts blocks has nothing to compile: it is counted in the title, not run.
const docs = all.filter(({ blocks }) => blocks.blocks.length > 0 || blocks.problems.length > 0);
const checked = docs.reduce((sum, { blocks }) => sum + blocks.blocks.length, 0);
const title = `ts code blocks: ${checked} in ${docs.length} docs, every one type-checked (${all.length - docs.length} docs have none)`;

describe(title, () => {
  it("finds the docs and their blocks", () => {
    expect(all.map(({ doc }) => doc)).toContain("README.md");
    expect(checked).toBeGreaterThan(0);
  });

  for (const { doc, blocks } of docs) {
    it(`${doc}: ${summary(blocks)}`, () => {
      const problems = checkDoc(doc);
      if (problems.length > 0) {
        throw new Error(`${problems.length} problem(s) in ${doc}:\n${problems.join("\n")}`);
      }
    }, 60_000);
  }
});

/** The test's name says what was checked and what was not, so nothing is left out silently. */
function summary({ blocks, otherFences }: DocBlocks): string {
  const roles = (["file", "module", "fragment"] as const)
    .map((role) => [role, blocks.filter((block) => block.role === role).length] as const)
    .filter(([, n]) => n > 0)
    .map(([role, n]) => plural(n, roleNames[role]));
  const checked =
    blocks.length === 0
      ? "no ts blocks"
      : `${plural(blocks.length, "ts block")} (${roles.join(", ")})`;
  const others = [...otherFences].map(([lang, n]) => `${n} ${lang === "" ? "bare" : lang}`);
  return others.length === 0 ? checked : `${checked}; not TypeScript: ${others.join(", ")}`;
}

const roleNames = { file: "named file", module: "module", fragment: "fragment" } as const;

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
