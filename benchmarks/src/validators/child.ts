/**
 * The validator benchmark's measuring process (started by validators/index.ts): checks that the
 * three validators agree on every value, warms them up, then times rounds and prints one JSON
 * line with every round.
 */

import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { main } from "../shared/child.js";
import { readConfig } from "../shared/protocol.js";
import { type Case, codecPackr, invalidPoint, makeCases } from "./data.js";
import {
  ajvValidators,
  type Check,
  type GeneratedDecoders,
  rpcgenValidators,
  type ValidatorSet,
  zodError,
  zodParse,
  zodValidators,
} from "./schemas.js";
import { reportResult } from "./section.js";

export interface ValidatorChildConfig {
  /** The module `generate()` wrote from the path fixture (absolute path). */
  readonly generatedModule: string;
  /** Per case and validator. */
  readonly warmupMs: number;
  readonly rounds: number;
  /** Validation time (unpacking excluded) per case, validator and round. */
  readonly roundMs: number;
  /** Values unpacked ahead of each timed batch. */
  readonly batch: number;
}

export const validatorNames = ["rpcgen", "zod", "ajv"] as const;
export type ValidatorName = (typeof validatorNames)[number];

export interface ValidatorRound {
  readonly ops: number;
  /** Time spent validating, ms. */
  readonly ms: number;
  /** Time spent unpacking the round's inputs, ms (not part of `ms`). */
  readonly unpackMs: number;
}

export interface ValidatorChildResult {
  readonly cases: readonly {
    readonly name: string;
    readonly type: string;
    readonly valid: boolean;
    /** The first problem each validator reports for the invalid case. */
    readonly errors: Partial<Record<ValidatorName, string>>;
    readonly runs: readonly { readonly validator: ValidatorName; rounds: ValidatorRound[] }[];
  }[];
}

/** Fresh objects for every timed batch, unpacked from the case's msgpack outside the clock. */
class Batches {
  readonly values: unknown[];
  readonly #packed: readonly Uint8Array[];
  readonly #packr = codecPackr();
  #next = 0;

  constructor(packed: readonly Uint8Array[], size: number) {
    this.#packed = packed;
    this.values = new Array(size);
  }

  /** Unpacks the next batch into `values`; returns the ms it took. */
  fill(): number {
    const t0 = performance.now();
    const packed = this.#packed;
    for (let i = 0; i < this.values.length; i++) {
      this.values[i] = this.#packr.unpack(packed[this.#next]!);
      this.#next = (this.#next + 1) % packed.length;
    }
    return performance.now() - t0;
  }
}

/**
 * Validates batches until `ms` of validation time have passed (at least one batch). Each
 * batch is unpacked first, outside the timed span. Throws when a validator disagrees with the
 * case (accepts an invalid value or rejects a valid one), so a broken adapter cannot look fast.
 */
function timeBatches(check: Check, batches: Batches, ms: number, expectValid: boolean) {
  let timed = 0;
  let unpackMs = 0;
  let ops = 0;
  let accepted = 0;
  const values = batches.values;
  do {
    unpackMs += batches.fill();
    const t0 = performance.now();
    for (let i = 0; i < values.length; i++) {
      if (check(values[i])) accepted++;
    }
    timed += performance.now() - t0;
    ops += values.length;
  } while (timed < ms);
  if (accepted !== (expectValid ? ops : 0)) {
    throw new Error(`accepted ${accepted} of ${ops} values, expected ${expectValid ? ops : 0}`);
  }
  return { ops, ms: timed, unpackMs };
}

interface Validator {
  readonly name: ValidatorName;
  readonly checks: ValidatorSet;
  /** The validated value (the same object or a copy), or undefined when rejected. */
  readonly parse: (type: Case["type"], value: unknown) => unknown;
  /** The first problem reported for an invalid route. */
  readonly error: (value: unknown) => string | undefined;
}

function loadValidators(decoders: GeneratedDecoders): Validator[] {
  const ajv = ajvValidators();
  const rpcgenDecode = (type: Case["type"], value: unknown): unknown =>
    type === "PathRequest" ? decoders.decodeRequest(value) : decoders.decodeResponse(value);
  return [
    {
      name: "rpcgen",
      checks: rpcgenValidators(decoders),
      parse(type, value) {
        try {
          return rpcgenDecode(type, value);
        } catch {
          return undefined;
        }
      },
      error(value) {
        try {
          decoders.decodeResponse(value);
          return undefined;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      },
    },
    { name: "zod", checks: zodValidators(), parse: zodParse, error: (v) => zodError("Route", v) },
    {
      name: "ajv",
      checks: ajv,
      parse: (type, value) => (ajv[type](value) ? value : undefined),
      error: ajv.errors,
    },
  ];
}

/** Every validator turns every valid value into the expected one and rejects every invalid one. */
function sanityCheck(cases: readonly Case[], validators: readonly Validator[]) {
  const packr = codecPackr();
  const errors = new Map<string, Partial<Record<ValidatorName, string>>>();
  for (const c of cases) {
    const seen: Partial<Record<ValidatorName, string>> = {};
    for (const v of validators) {
      c.packed.forEach((bytes, i) => {
        const value = packr.unpack(bytes);
        if (c.valid) {
          const out = v.parse(c.type, value);
          if (!isDeepStrictEqual(out, c.expected[i])) {
            throw new Error(`${v.name} on ${c.name}[${i}]: got ${JSON.stringify(out)}`);
          }
        } else {
          const error = v.error(value);
          if (error === undefined) throw new Error(`${v.name} accepted ${c.name}[${i}]`);
          if (!error.includes(String(invalidPoint))) {
            throw new Error(`${v.name} on ${c.name}[${i}] blamed the wrong place: ${error}`);
          }
          seen[v.name] ??= error;
        }
      });
    }
    errors.set(c.name, seen);
  }
  return errors;
}

main(async () => {
  const config = readConfig<ValidatorChildConfig>();
  const generated = (await import(pathToFileURL(config.generatedModule).href)) as {
    PathServiceDef: { methods: { shortestPath: Partial<GeneratedDecoders> } };
  };
  const { decodeRequest, decodeResponse } = generated.PathServiceDef.methods.shortestPath;
  if (decodeRequest === undefined || decodeResponse === undefined) {
    throw new Error(`${config.generatedModule}: shortestPath has no decoders`);
  }
  const validators = loadValidators({ decodeRequest, decodeResponse });
  const cases = makeCases();
  const errors = sanityCheck(cases, validators);

  const batches = new Map(cases.map((c) => [c.name, new Batches(c.packed, config.batch)]));
  const measure = (c: Case, v: Validator, ms: number) => {
    try {
      return timeBatches(v.checks[c.type], batches.get(c.name)!, ms, c.valid);
    } catch (error) {
      throw new Error(`${v.name} on ${c.name}: ${(error as Error).message}`);
    }
  };
  // Warm every validator on every case first, so each is measured with the type feedback of
  // all the shapes it will see (valid, extra keys, invalid), as in a server.
  for (const c of cases) for (const v of validators) measure(c, v, config.warmupMs);

  const runs = new Map<string, ValidatorRound[]>();
  for (let round = 0; round < config.rounds; round++) {
    for (const c of cases) {
      // Rotate the order per round so no validator always runs right after the same one.
      for (let k = 0; k < validators.length; k++) {
        const v = validators[(k + round) % validators.length]!;
        const key = `${c.name}/${v.name}`;
        const list = runs.get(key) ?? [];
        list.push(measure(c, v, config.roundMs));
        runs.set(key, list);
      }
    }
  }
  const result: ValidatorChildResult = {
    cases: cases.map((c) => ({
      name: c.name,
      type: c.type,
      valid: c.valid,
      errors: errors.get(c.name) ?? {},
      runs: validators.map((v) => ({
        validator: v.name,
        rounds: runs.get(`${c.name}/${v.name}`) ?? [],
      })),
    })),
  };
  reportResult(result);
});
