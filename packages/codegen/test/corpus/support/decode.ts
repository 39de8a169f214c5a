/**
 * Runs a generated decoder on a case and compares what it did with TypeScript's verdict. What
 * must hold: a value TypeScript accepts is accepted and comes back as the value without only
 * the keys TypeScript called excess; a value TypeScript refuses is refused with
 * `invalid_argument`. Anything else is a disagreement, of one of the classes below.
 */
import { RpcError } from "@rpcgen/runtime";
import { difference } from "../../property/equal.js";
import type { Verdict } from "./judge.js";

export type Outcome =
  | { readonly kind: "accepted"; readonly value: unknown }
  | { readonly kind: "refused"; readonly code: string; readonly message: string }
  | { readonly kind: "crashed"; readonly message: string };

export type DisagreementClass =
  /** Accepted, but a key the type declares (present in the input) is missing: the worst. */
  | "data-loss"
  /** Accepted, but a key TypeScript calls excess is still there. */
  | "unknown-key-kept"
  /** Accepted, with some other change (a number turned bigint, an element gone...). */
  | "value-changed"
  /** TypeScript accepts, the decoder refuses. */
  | "false-refusal"
  /** TypeScript refuses, the decoder accepts. */
  | "false-acceptance"
  /** Refused, but not with invalid_argument. */
  | "wrong-error-code"
  /** The decoder threw something other than an RpcError. */
  | "decoder-crash";

export interface Disagreement {
  readonly class: DisagreementClass;
  /** What differed, for the report. */
  readonly detail: string;
}

/** Decodes a deep copy of `value` (decoders fix values up in place). */
export function runDecoder(decode: (value: unknown) => unknown, value: unknown): Outcome {
  try {
    return { kind: "accepted", value: decode(structuredClone(value)) };
  } catch (error) {
    if (error instanceof RpcError)
      return { kind: "refused", code: error.code, message: error.message };
    return { kind: "crashed", message: error instanceof Error ? error.message : String(error) };
  }
}

export function compare(verdict: Verdict, outcome: Outcome): Disagreement | undefined {
  if (verdict.kind === "refused") {
    switch (outcome.kind) {
      case "refused":
        return outcome.code === "invalid_argument"
          ? undefined
          : { class: "wrong-error-code", detail: `${outcome.code}: ${outcome.message}` };
      case "accepted":
        return { class: "false-acceptance", detail: `tsc: ${verdict.message}` };
      case "crashed":
        return { class: "decoder-crash", detail: outcome.message };
    }
  }
  switch (outcome.kind) {
    case "refused":
      return { class: "false-refusal", detail: `${outcome.code}: ${outcome.message}` };
    case "crashed":
      return { class: "decoder-crash", detail: outcome.message };
    case "accepted": {
      const lost = lostKey(verdict.value, outcome.value, "$");
      if (lost !== undefined) return { class: "data-loss", detail: `${lost} was dropped` };
      const kept = lostKey(outcome.value, verdict.value, "$");
      if (kept !== undefined) return { class: "unknown-key-kept", detail: `${kept} was kept` };
      const changed = difference(outcome.value, verdict.value);
      return changed === undefined ? undefined : { class: "value-changed", detail: changed };
    }
  }
}

/** The first key of an object in `from` that the object at the same place in `to` lacks. */
function lostKey(from: unknown, to: unknown, path: string): string | undefined {
  if (Array.isArray(from)) {
    if (!Array.isArray(to)) return undefined;
    for (let i = 0; i < Math.min(from.length, to.length); i++) {
      const found = lostKey(from[i], to[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isObject(from) || !isObject(to)) return undefined;
  for (const key of Object.keys(from)) {
    const at = `${path}.${key}`;
    if (!Object.hasOwn(to, key)) return at;
    const found = lostKey(from[key], to[key], at);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
