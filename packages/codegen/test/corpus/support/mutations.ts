/**
 * The single mutations of a sample message: every schema-free change of mutate.ts's
 * `jsonMutations` (a field of another kind, a required field deleted, an unknown field, a wrong
 * tuple length, a wrong literal, null...) plus, where the unit generated, the places the schema
 * IR says a decoder must refuse (`mutationSites`). TypeScript judges each one; the mutation
 * only proposes. The CI form takes a seeded subset, the long form many more.
 */
import fc from "fast-check";
import type { Method, Schema } from "../../../src/ir/schema.js";
import {
  applyJsonMutation,
  applyMutation,
  jsonMutations,
  mutationSites,
  requestObjectSites,
} from "../../property/mutate.js";
import type { Message } from "./corpus.js";

export interface Mutation {
  /** A `JsonMutationKind`, or `ir-site` for a wrong value at a place the schema IR names. */
  readonly kind: string;
  /** The place, as decoders print paths. */
  readonly path: string;
  /** A changed deep copy of the message. */
  readonly apply: (root: unknown) => unknown;
}

/** The schema of a generated unit and the method's entry in it. */
export interface IrMethod {
  readonly schema: Schema;
  readonly method: Method;
}

/** The name decoders give the message's root in paths. */
export function rootName(message: Message): string {
  if (message.direction === "response") return "response";
  const { params } = message.method;
  return params.length === 1 ? params[0]!.name : "request";
}

/** Every mutation of `value` (a message that TypeScript accepts as it is). */
export function mutationsOf(message: Message, value: unknown, ir?: IrMethod): Mutation[] {
  const out: Mutation[] = jsonMutations(value, rootName(message)).map((m) => ({
    kind: m.kind,
    path: m.path,
    apply: (root) => applyJsonMutation(root, m),
  }));
  if (ir === undefined) return out;
  const { schema, method } = ir;
  const param = method.params.length === 1 ? method.params[0]! : undefined;
  const sites =
    message.direction === "response"
      ? mutationSites(method.response, value, schema, "response")
      : param !== undefined
        ? mutationSites(param.type, value, schema, param.name, { nullAccepted: param.optional })
        : requestObjectSites(method.params, value, schema);
  for (const site of sites) {
    out.push({ kind: "ir-site", path: site.path, apply: (root) => applyMutation(root, site) });
  }
  return out;
}

/** The seed every selection derives from, so that a run is the same every time. */
export const corpusSeed = 20_240_612;

/** `count` of `items` (all when there are fewer), chosen by a seed derived from `label`. */
export function pick<T>(items: readonly T[], count: number, label: string): T[] {
  if (items.length <= count) return [...items];
  const indexes = items.map((_, i) => i);
  const [chosen] = fc.sample(fc.shuffledSubarray(indexes, { minLength: count, maxLength: count }), {
    seed: corpusSeed ^ hash(label),
    numRuns: 1,
  });
  return chosen!.sort((a, b) => a - b).map((i) => items[i]!);
}

/** FNV-1a: a stable 32-bit number for a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
