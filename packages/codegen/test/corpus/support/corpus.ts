/**
 * What a corpus package is made of: the npm package whose types it uses (pinned), its IDL
 * files ("units", each generated on its own so that a refusal in one does not hide the
 * others), and its sample payloads, split into the messages the judge and the decoders see.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type IdlMethod, idlMethods } from "./idl.js";

/** One IDL file of a corpus package. */
export interface CorpusUnit {
  /** File name in the package's folder. */
  readonly idl: string;
  /** The services it declares (the interfaces the samples name). */
  readonly services: readonly string[];
  /** Part of the CI form; otherwise only the long form (`RPCGEN_CORPUS_FULL=1`) runs it. */
  readonly ci: boolean;
}

export interface CorpusPackage {
  /** The folder under test/corpus, also the package's name in known-disagreements.json. */
  readonly name: string;
  /** The npm package whose types the IDL uses, and its exact version in package.json. */
  readonly npm: string;
  readonly version: string;
  readonly units: readonly CorpusUnit[];
}

/** A sample file: one call of one method, with the request and/or response as sent. */
export interface Sample {
  readonly service: string;
  readonly method: string;
  /** The request message: the argument, or for zero or several parameters an object by name. */
  readonly request?: unknown;
  /** The response, or one item of a response stream. */
  readonly response?: unknown;
}

export type Direction = "request" | "response";

/** One message of a sample, as the judge and the decoder get it. */
export interface Message {
  /** `<sample file> <direction>`: unique within the package. */
  readonly id: string;
  readonly sample: string;
  readonly unit: CorpusUnit;
  readonly method: IdlMethod;
  readonly direction: Direction;
  readonly value: unknown;
}

export const corpusRoot = fileURLToPath(new URL("../", import.meta.url));

export function packageDir(pkg: CorpusPackage): string {
  return join(corpusRoot, pkg.name);
}

/** Every message of every sample of `pkg`, in file order (request before response). */
export function loadMessages(pkg: CorpusPackage): Message[] {
  const dir = packageDir(pkg);
  const methods = pkg.units.map((unit) => ({
    unit,
    methods: idlMethods(join(dir, unit.idl), unit.services),
  }));
  const files = readdirSync(join(dir, "samples"))
    .filter((f) => f.endsWith(".json"))
    .sort();
  const out: Message[] = [];
  for (const file of files) {
    const sample = JSON.parse(readFileSync(join(dir, "samples", file), "utf8")) as Sample;
    const owner = methods.find((u) => u.unit.services.includes(sample.service));
    const method = owner?.methods.find(
      (m) => m.service === sample.service && m.name === sample.method,
    );
    if (owner === undefined || method === undefined) {
      throw new Error(`${pkg.name}/samples/${file}: no method ${sample.service}.${sample.method}`);
    }
    const base = { sample: file, unit: owner.unit, method };
    if (sample.request !== undefined) {
      out.push({ ...base, id: `${file} request`, direction: "request", value: sample.request });
    }
    if (sample.response !== undefined && !method.voidResponse) {
      out.push({ ...base, id: `${file} response`, direction: "response", value: sample.response });
    }
  }
  return out;
}
