/**
 * The tests of one corpus package. The CI form (default) runs the units marked `ci` and a
 * seeded handful of mutations per sample message; the long form (`RPCGEN_CORPUS_FULL=1`) runs
 * every unit and up to `RPCGEN_CORPUS_MUTATIONS` (default 150) mutations per message. Both
 * compare what they see with known-disagreements.json, each against the entries of its form.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { type CorpusPackage, corpusRoot } from "./corpus.js";
import { againstKnown, type Form, keyOf, loadKnown, type Observed, observedOf } from "./known.js";
import { oneLine, summarize, writeReport } from "./report.js";
import { type CorpusRun, runCorpus } from "./run.js";

const full = process.env.RPCGEN_CORPUS_FULL === "1";
const form: Form = full ? "full" : "ci";
const mutations = full ? Number(process.env.RPCGEN_CORPUS_MUTATIONS ?? 150) : 4;
/** Generating over the largest package types takes seconds, more on a busy machine. */
const timeoutMs = full ? 3_600_000 : 120_000;

export function describeCorpus(pkg: CorpusPackage): void {
  describe(`corpus ${pkg.name}: ${pkg.npm}@${pkg.version} (${form} form)`, () => {
    let run: CorpusRun;
    let observed: Observed[];
    beforeAll(async () => {
      run = await runCorpus(pkg, { full, mutations });
      observed = observedOf(pkg, run);
      const summary = summarize(pkg, form, run);
      writeReport(pkg, summary, observed);
      console.log(oneLine(summary));
    }, timeoutMs);

    test("uses the exact package version pinned in package.json", () => {
      const codegen = join(corpusRoot, "..", "..");
      const manifest = JSON.parse(readFileSync(join(codegen, "package.json"), "utf8")) as {
        devDependencies: Record<string, string>;
      };
      const installed = JSON.parse(
        readFileSync(join(codegen, "node_modules", pkg.npm, "package.json"), "utf8"),
      ) as { version: string };
      expect(manifest.devDependencies[pkg.npm]).toBe(pkg.version);
      expect(installed.version).toBe(pkg.version);
    });

    test("judges every sample message of a generated unit, and mutations of them", () => {
      const samples = run.cases.filter((c) => c.mutation === undefined);
      // Nothing to decode when every unit of the form is refused (or the form has none).
      if (run.builds.every((b) => b.kind === "refused")) return;
      expect(samples.length).toBeGreaterThan(0);
      expect(run.cases.length).toBeGreaterThan(samples.length);
    });

    test("decoders agree with TypeScript except for the known disagreements", () => {
      const { added, fixed } = againstKnown(pkg, form, observed, loadKnown());
      const lines = [
        ...added.map((o) => `new: ${o.key} (${o.cases} cases), e.g. ${o.example}`),
        ...fixed.map(
          (k) => `no longer seen (remove it from known-disagreements.json): ${keyOf(k)}`,
        ),
      ];
      expect(lines, "see test/.tmp/corpus/<package>/observed.*.json").toEqual([]);
    });
  });
}
