/**
 * One run of a corpus package: generate its units, let TypeScript judge every sample, then
 * mutations of the samples, run the generated decoders on the same values and record where
 * they disagree with TypeScript.
 */
import { join } from "node:path";
import { type CorpusPackage, loadMessages, type Message, packageDir } from "./corpus.js";
import { compare, type Disagreement, runDecoder } from "./decode.js";
import {
  analysisTsconfig,
  buildUnit,
  descriptorOf,
  scratchRoot,
  type UnitBuild,
} from "./generate.js";
import { Judge, type JudgeCase, messageType, type Verdict } from "./judge.js";
import { type Mutation, mutationsOf, pick } from "./mutations.js";

export interface RunOptions {
  /** The long form: every unit, and up to `mutations` mutations per message. */
  readonly full: boolean;
  /** Mutations judged per sample message. */
  readonly mutations: number;
}

/** One judged (and, where the unit generated, decoded) value. */
export interface CaseRecord {
  readonly message: Message;
  /** Absent for the sample as it is. */
  readonly mutation?: { readonly kind: string; readonly path: string };
  /** The value judged and decoded. */
  readonly value: unknown;
  readonly verdict: Verdict;
  /** False when the unit was refused at generation: nothing to decode. */
  readonly decoded: boolean;
  readonly disagreement?: Disagreement;
}

export interface CorpusRun {
  readonly builds: readonly UnitBuild[];
  readonly cases: readonly CaseRecord[];
  readonly ms: { readonly generate: number; readonly judge: number; readonly decode: number };
}

export async function runCorpus(pkg: CorpusPackage, options: RunOptions): Promise<CorpusRun> {
  const units = pkg.units.filter((u) => options.full || u.ci);
  if (units.length === 0)
    return { builds: [], cases: [], ms: { generate: 0, judge: 0, decode: 0 } };
  let t0 = performance.now();
  const builds: UnitBuild[] = [];
  for (const unit of units) builds.push(await buildUnit(pkg, unit));
  const generateMs = performance.now() - t0;

  t0 = performance.now();
  const aliases = new Map(units.map((u, i) => [u, `U${i}`]));
  const judge = new Judge(
    join(scratchRoot, pkg.name),
    Object.fromEntries(units.map((u) => [aliases.get(u)!, join(packageDir(pkg), u.idl)])),
    analysisTsconfig,
  );
  // The CI form judges only what a decoder will run on; the long form also reports what
  // TypeScript says of the samples of refused units.
  const generated = new Set(builds.filter((b) => b.kind === "generated").map((b) => b.unit));
  const messages = loadMessages(pkg).filter(
    (m) => aliases.has(m.unit) && (options.full || generated.has(m.unit)),
  );
  const typeOf = (m: Message) => messageType(aliases.get(m.unit)!, m.method, m.direction);
  const sampleVerdicts = judge.judge(
    messages.map((m, key): JudgeCase => ({ key, type: typeOf(m), value: m.value })),
  );

  // Mutations start from the sample as TypeScript accepts it (its excess keys dropped), or as
  // sent when TypeScript refuses it: one change can make real data that does not fit the type
  // fit it (the offending key deleted), which is worth decoding too.
  const mutated: { message: Message; mutation: Mutation; value: unknown }[] = [];
  messages.forEach((message, key) => {
    const verdict = sampleVerdicts.get(key)!;
    const base = verdict.kind === "accepted" ? verdict.value : message.value;
    const build = builds.find((b) => b.unit === message.unit);
    const ir = build?.kind === "generated" ? irMethod(build, message) : undefined;
    for (const mutation of pick(mutationsOf(message, base, ir), options.mutations, message.id)) {
      mutated.push({ message, mutation, value: mutation.apply(base) });
    }
  });
  const mutationVerdicts = judge.judge(
    mutated.map((m, key): JudgeCase => ({ key, type: typeOf(m.message), value: m.value })),
  );
  const judgeMs = performance.now() - t0;

  t0 = performance.now();
  const cases: CaseRecord[] = [];
  const decodeCase = (message: Message, value: unknown, verdict: Verdict) => {
    const build = builds.find((b) => b.unit === message.unit);
    if (build?.kind !== "generated") return { decoded: false };
    const descriptor = descriptorOf(build, message.method.service, message.method.name);
    const decode =
      message.direction === "request" ? descriptor.decodeRequest : descriptor.decodeResponse;
    if (decode === undefined) throw new Error(`${message.id}: the descriptor has no decoder`);
    const disagreement = compare(verdict, runDecoder(decode, value));
    return disagreement === undefined ? { decoded: true } : { decoded: true, disagreement };
  };
  messages.forEach((message, key) => {
    const verdict = sampleVerdicts.get(key)!;
    cases.push({
      message,
      value: message.value,
      verdict,
      ...decodeCase(message, message.value, verdict),
    });
  });
  mutated.forEach(({ message, mutation, value }, key) => {
    const verdict = mutationVerdicts.get(key)!;
    cases.push({
      message,
      mutation: { kind: mutation.kind, path: mutation.path },
      value,
      verdict,
      ...decodeCase(message, value, verdict),
    });
  });
  const decodeMs = performance.now() - t0;
  return { builds, cases, ms: { generate: generateMs, judge: judgeMs, decode: decodeMs } };
}

function irMethod(build: Extract<UnitBuild, { kind: "generated" }>, message: Message) {
  const service = build.schema.services.find((s) => s.name === message.method.service);
  const method = service?.methods.find((m) => m.name === message.method.name);
  if (method === undefined) {
    throw new Error(`${message.id}: the schema of ${build.unit.idl} has no ${message.method.name}`);
  }
  return { schema: build.schema, method };
}
