/**
 * The disagreements a run observed, grouped per method, direction and class (or per refused
 * IDL file), against the checked-in list of known ones (known-disagreements.json). A run fails
 * on a new group and on a known group it no longer sees, so the list shrinks as fixes land.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type CorpusPackage, corpusRoot } from "./corpus.js";
import type { DisagreementClass } from "./decode.js";
import type { CaseRecord, CorpusRun } from "./run.js";

export type Form = "ci" | "full";

export type KnownClass = DisagreementClass | "generation-refused";

export interface KnownDisagreement {
  readonly package: string;
  /** `Service.method direction`, or for a refused generation the IDL file. */
  readonly at: string;
  readonly class: KnownClass;
  /** For `generation-refused`: the diagnostic codes. */
  readonly codes?: readonly string[];
  /** The forms whose runs see it: the CI subset may miss what the long form finds. */
  readonly forms: readonly Form[];
  /** Where it is to be fixed: the issue and the point in it. */
  readonly issue: string;
  readonly reason: string;
  /** The smallest case seen (a sample as sent if any), for reading; not compared. */
  readonly example?: string;
}

export interface Observed {
  readonly key: string;
  readonly package: string;
  readonly at: string;
  readonly class: KnownClass;
  readonly codes?: readonly string[];
  readonly cases: number;
  readonly example: string;
}

export const knownFile = join(corpusRoot, "known-disagreements.json");

export function loadKnown(): KnownDisagreement[] {
  const parsed = JSON.parse(readFileSync(knownFile, "utf8")) as {
    disagreements: KnownDisagreement[];
  };
  return parsed.disagreements;
}

export function keyOf(d: {
  package: string;
  at: string;
  class: KnownClass;
  codes?: readonly string[] | undefined;
}): string {
  const codes = d.codes === undefined ? "" : ` [${d.codes.join(", ")}]`;
  return `${d.package}: ${d.at}: ${d.class}${codes}`;
}

export function observedOf(pkg: CorpusPackage, run: CorpusRun): Observed[] {
  const out = new Map<string, Observed>();
  for (const build of run.builds) {
    if (build.kind !== "refused") continue;
    const entry = {
      package: pkg.name,
      at: build.unit.idl,
      class: "generation-refused" as const,
      codes: build.codes,
    };
    const first = build.diagnostics[0]!;
    out.set(keyOf(entry), {
      ...entry,
      key: keyOf(entry),
      cases: build.diagnostics.length,
      example: `${first.line}:${first.column} ${first.message.slice(0, 300)} [${first.code}]`,
    });
  }
  const smallest = new Map<string, { size: number; record: CaseRecord }>();
  for (const record of run.cases) {
    if (record.disagreement === undefined) continue;
    const { method, direction } = record.message;
    const entry = {
      package: pkg.name,
      at: `${method.service}.${method.name} ${direction}`,
      class: record.disagreement.class,
    };
    const key = keyOf(entry);
    // The sample as sent reads better than a mutation of it: mutations count as much larger.
    const size = JSON.stringify(record.value).length + (record.mutation === undefined ? 0 : 1e9);
    const previous = out.get(key);
    out.set(key, {
      ...entry,
      key,
      cases: (previous?.cases ?? 0) + 1,
      example: previous?.example ?? "",
    });
    const best = smallest.get(key);
    if (best === undefined || size < best.size) smallest.set(key, { size, record });
  }
  for (const [key, { record }] of smallest)
    out.set(key, { ...out.get(key)!, example: describeCase(record) });
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** `sample direction [mutation at path]: what differed`. */
export function describeCase(record: CaseRecord): string {
  const { mutation, message, disagreement } = record;
  const what = mutation === undefined ? "as sent" : `${mutation.kind} at ${mutation.path}`;
  return `${message.id}, ${what}: ${disagreement?.detail ?? "agrees"}`.slice(0, 400);
}

/** What a run of `form` adds to and misses from the known list of `pkg`. */
export function againstKnown(
  pkg: CorpusPackage,
  form: Form,
  observed: readonly Observed[],
  known: readonly KnownDisagreement[],
): { added: Observed[]; fixed: KnownDisagreement[] } {
  const expected = known.filter((k) => k.package === pkg.name && k.forms.includes(form));
  const expectedKeys = new Set(expected.map(keyOf));
  const observedKeys = new Set(observed.map((o) => o.key));
  return {
    added: observed.filter((o) => !expectedKeys.has(o.key)),
    fixed: expected.filter((k) => !observedKeys.has(keyOf(k))),
  };
}
