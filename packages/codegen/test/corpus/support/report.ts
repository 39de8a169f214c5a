/**
 * The numbers of a run: how often the decoders agree with TypeScript, what TypeScript said of
 * the cases, and the disagreement classes. Written as JSON next to the generated files
 * (test/.tmp/corpus/<package>/report.json), with the observed groups (observed.json) in the
 * shape of known-disagreements.json entries, for updating that file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CorpusPackage } from "./corpus.js";
import { scratchRoot } from "./generate.js";
import type { Form, Observed } from "./known.js";
import type { CorpusRun } from "./run.js";

export interface Summary {
  readonly package: string;
  readonly form: Form;
  readonly units: readonly {
    readonly idl: string;
    readonly status: string;
    readonly moduleBytes?: number;
  }[];
  /** Sample messages, and how many TypeScript accepts as they are or without unknown keys. */
  readonly samples: {
    readonly messages: number;
    readonly accepted: number;
    readonly acceptedDroppingKeys: number;
  };
  /** What TypeScript said of each sample message as sent. */
  readonly sampleVerdicts: readonly string[];
  readonly cases: number;
  readonly tsc: {
    readonly accepted: number;
    readonly acceptedDroppingKeys: number;
    readonly refused: number;
  };
  /** Cases a decoder ran on, and how many of those agree with TypeScript. */
  readonly decoded: number;
  readonly agreed: number;
  /** `agreed / decoded`, as a percentage with one decimal; "n/a" when nothing generated. */
  readonly agreement: string;
  readonly classes: Readonly<Record<string, number>>;
  readonly ms: CorpusRun["ms"];
}

export function summarize(pkg: CorpusPackage, form: Form, run: CorpusRun): Summary {
  const samples = run.cases.filter((c) => c.mutation === undefined);
  const dropping = (c: (typeof run.cases)[number]) =>
    c.verdict.kind === "accepted" && c.verdict.excess.length > 0;
  const count = (list: typeof run.cases, test: (c: (typeof run.cases)[number]) => boolean) =>
    list.filter(test).length;
  const decoded = run.cases.filter((c) => c.decoded);
  const agreed = count(decoded, (c) => c.disagreement === undefined);
  const classes: Record<string, number> = {};
  for (const c of decoded) {
    if (c.disagreement !== undefined)
      classes[c.disagreement.class] = (classes[c.disagreement.class] ?? 0) + 1;
  }
  return {
    package: pkg.name,
    form,
    units: run.builds.map((b) => ({
      idl: b.unit.idl,
      status: b.kind === "generated" ? "generated" : `refused: ${b.codes.join(", ")}`,
      ...(b.kind === "generated" ? { moduleBytes: b.moduleBytes } : {}),
    })),
    samples: {
      messages: samples.length,
      accepted: count(samples, (c) => c.verdict.kind === "accepted" && !dropping(c)),
      acceptedDroppingKeys: count(samples, dropping),
    },
    sampleVerdicts: samples.map((c) => {
      const v = c.verdict;
      const said =
        v.kind === "refused"
          ? `refused: ${v.message}`
          : v.excess.length > 0
            ? `accepted without ${v.excess.map((p) => p.join(".")).join(", ")}`
            : "accepted";
      return `${c.message.id}: ${said}`.slice(0, 500);
    }),
    cases: run.cases.length,
    tsc: {
      accepted: count(run.cases, (c) => c.verdict.kind === "accepted" && !dropping(c)),
      acceptedDroppingKeys: count(run.cases, dropping),
      refused: count(run.cases, (c) => c.verdict.kind === "refused"),
    },
    decoded: decoded.length,
    agreed,
    agreement: decoded.length === 0 ? "n/a" : `${((100 * agreed) / decoded.length).toFixed(1)}%`,
    classes,
    ms: run.ms,
  };
}

export function writeReport(
  pkg: CorpusPackage,
  summary: Summary,
  observed: readonly Observed[],
): void {
  const dir = join(scratchRoot, pkg.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `report.${summary.form}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(
    join(dir, `observed.${summary.form}.json`),
    `${JSON.stringify(observed, null, 2)}\n`,
  );
}

/** One line for the test log. */
export function oneLine(s: Summary): string {
  const ms = Object.entries(s.ms)
    .map(([k, v]) => `${k} ${Math.round(v)} ms`)
    .join(", ");
  return `corpus ${s.package} (${s.form}): ${s.agreed}/${s.decoded} decoded cases agree with tsc (${s.agreement}); ${s.cases} cases judged; ${ms}`;
}
