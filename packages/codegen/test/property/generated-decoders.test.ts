/**
 * Properties of the checked-in generated modules (test/fixtures/gen): for every method of every
 * golden fixture, in both directions,
 *   (a) a valid message survives encoder, codec (MessagePack and JSON, inside a frame as on the
 *       wire) and decoder unchanged, and the encoder leaves its argument alone;
 *   (b) a message with one wrong value in an unambiguous place is refused with
 *       `invalid_argument` whose message starts with that place's path.
 * Values come from the schema IR next to each module (arbitrary.ts); the places and the paths
 * decoders must name come from mutate.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import {
  type Codec,
  FrameType,
  jsonCodec,
  type MethodDescriptor,
  msgpackCodec,
  RpcError,
  type ServiceDescriptor,
} from "@rpcgen/runtime";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Method, Schema, Service } from "../../src/ir/schema.js";
import { arbitraryFor } from "./arbitrary.js";
import { difference } from "./equal.js";
import {
  applyMutation,
  type MutationSite,
  mutationSites,
  requestObjectSites,
  wrongValuesFor,
} from "./mutate.js";

/** Runs per property; the whole folder stays well under its time budget on two cores. */
const numRuns = Number(process.env.RPCGEN_PROPERTY_RUNS ?? 100);

const genDir = new URL("../fixtures/gen/", import.meta.url);
const fixtureNames = readdirSync(genDir)
  .filter((file) => file.endsWith(".schema.json"))
  .map((file) => file.slice(0, -".schema.json".length))
  .sort();

const fixtures = await Promise.all(
  fixtureNames.map(async (name) => ({
    name,
    schema: JSON.parse(readFileSync(new URL(`${name}.schema.json`, genDir), "utf8")) as Schema,
    module: (await import(new URL(`${name}.ts`, genDir).href)) as Record<string, unknown>,
  })),
);

/** One direction of one method: what to generate, how it travels, how it is checked. */
interface Message {
  readonly label: "request" | "response";
  readonly arbitrary: (finite: boolean) => fc.Arbitrary<unknown>;
  readonly encode: ((value: unknown) => unknown) | undefined;
  readonly decode: (value: unknown) => unknown;
  /** The places of a wire value where a wrong value must be refused. */
  readonly sites: (wire: unknown) => MutationSite[];
  /** False when no value at all is wrong at the root (`unknown`, any JSON). */
  readonly refusable: boolean;
}

const identity = (value: unknown) => value;

function requestOf(schema: Schema, method: Method, descriptor: MethodDescriptor): Message {
  const { params } = method;
  const param = params.length === 1 ? params[0] : undefined;
  const argument = (p: Method["params"][number], finite: boolean) => {
    const arbitrary = arbitraryFor(p.type, schema, { finite });
    return p.optional ? fc.option(arbitrary, { nil: undefined }) : arbitrary;
  };
  const base = {
    label: "request" as const,
    encode: descriptor.encodeRequest,
    decode: descriptor.decodeRequest ?? identity,
  };
  if (param !== undefined) {
    // One parameter: the message is the argument itself.
    return {
      ...base,
      arbitrary: (finite) => argument(param, finite),
      sites: (wire) =>
        mutationSites(param.type, wire, schema, param.name, { nullAccepted: param.optional }),
      refusable: wrongValuesFor(param.type, schema, { nullAccepted: param.optional }).length > 0,
    };
  }
  // None or several: an object keyed by parameter name, without the arguments left undefined
  // (as the generated client builds it).
  return {
    ...base,
    arbitrary: (finite) =>
      fc.tuple(...params.map((p) => argument(p, finite))).map((args) => {
        const message: Record<string, unknown> = {};
        params.forEach((p, i) => {
          if (args[i] !== undefined) message[p.name] = args[i];
        });
        return message;
      }),
    sites: (wire) => requestObjectSites(params, wire, schema),
    refusable: true,
  };
}

function responseOf(schema: Schema, method: Method, descriptor: MethodDescriptor): Message {
  return {
    label: "response",
    arbitrary: (finite) => arbitraryFor(method.response, schema, { finite }),
    encode: descriptor.encodeResponse,
    decode: descriptor.decodeResponse ?? identity,
    sites: (wire) => mutationSites(method.response, wire, schema, "response"),
    refusable: wrongValuesFor(method.response, schema).length > 0,
  };
}

/** `wire` as the peer sees it: inside a message frame, encoded and decoded by `codec`. */
function overWire(codec: Codec, wire: unknown): unknown {
  const frame = codec.decode(codec.encode([FrameType.Message, 1, wire]));
  return (frame as unknown[])[2];
}

/**
 * What a valid value may legitimately differ in after a codec and the decoder: neither codec
 * keeps the sign of -0 (msgpackr writes it as the integer 0, JSON as 0), and JSON omits object
 * properties holding `undefined`. Nothing else may change: JSON's strings for bigints, dates
 * and bytes, its nulls for undefined tuple elements and the pair arrays of Maps must all be
 * turned back by the decoders.
 */
function afterCodec(value: unknown, json: boolean): unknown {
  if (typeof value === "number") return Object.is(value, -0) ? 0 : value;
  if (Array.isArray(value)) return value.map((item) => afterCodec(item, json));
  if (value instanceof Map) {
    return new Map(
      Array.from(value, ([key, item]) => [afterCodec(key, json), afterCodec(item, json)]),
    );
  }
  if (value instanceof Set) return new Set(Array.from(value, (item) => afterCodec(item, json)));
  if (value instanceof Date) return value;
  // Decoders hand out plain Uint8Arrays, never views into a frame's buffer.
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (typeof value === "object" && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (json && item === undefined) continue;
      copy[key] = afterCodec(item, json);
    }
    return copy;
  }
  return value;
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function defineValidRoundTrip(message: Message, codecName: "msgpack" | "json"): void {
  const json = codecName === "json";
  test(`${message.label}: valid values decode to themselves after the ${codecName} codec`, () => {
    const codec = json ? jsonCodec() : msgpackCodec();
    fc.assert(
      fc.property(message.arbitrary(json), (value) => {
        let wire = value;
        if (message.encode !== undefined) {
          const before = structuredClone(value);
          wire = message.encode(value);
          // Encoders return the wire form without touching the message.
          expect(difference(value, before), "the encoder changed its argument").toBeUndefined();
        }
        const decoded = message.decode(overWire(codec, wire));
        expect(difference(decoded, afterCodec(value, json))).toBeUndefined();
      }),
      { numRuns },
    );
  });
}

function defineMutationRefused(message: Message): void {
  test(`${message.label}: a wrong value at any place is refused as invalid_argument naming that place`, () => {
    const codecs = [msgpackCodec(), jsonCodec()];
    fc.assert(
      fc.property(message.arbitrary(true), fc.nat(), (value, pick) => {
        const wire = message.encode === undefined ? value : message.encode(value);
        const sites = message.sites(wire);
        const site = sites[pick % sites.length]!;
        const mutated = applyMutation(wire, site);
        for (const codec of codecs) {
          const error = thrownBy(() => message.decode(overWire(codec, mutated)));
          const where = `${site.path} = ${show(site.wrong)} over ${codec.name}`;
          expect(error, where).toBeInstanceOf(RpcError);
          const { code, message: text, details } = error as RpcError;
          expect(
            { code, prefix: text.slice(0, site.path.length + 2), text, details },
            where,
          ).toMatchObject({
            code: "invalid_argument",
            prefix: `${site.path}: `,
            details: { path: site.path },
          });
        }
      }),
      { numRuns },
    );
  });
}

function descriptorOf(module: Record<string, unknown>, service: Service): ServiceDescriptor {
  return module[`${service.name}Def`] as ServiceDescriptor;
}

test("every golden schema has its generated module", () => {
  expect(fixtureNames.length).toBeGreaterThanOrEqual(13);
  for (const { module } of fixtures) expect(Object.keys(module)).not.toHaveLength(0);
});

describe.each(fixtures)("fixture $name", ({ name, schema, module }) => {
  test("exports a descriptor per service, with the schema's methods, kinds and parameters", () => {
    for (const service of schema.services) {
      const def = descriptorOf(module, service);
      expect(def, `${service.name}Def`).toBeDefined();
      expect(def.name).toBe(service.name);
      expect(Object.keys(def.methods)).toEqual(service.methods.map((m) => m.name));
      for (const method of service.methods) {
        expect(def.methods[method.name]).toMatchObject({
          name: method.name,
          kind: method.kind,
          params: method.params.map((p) => p.name),
        });
      }
    }
  });

  for (const service of schema.services) {
    for (const method of service.methods) {
      describe(`${name}: ${service.name}.${method.name} (${method.kind})`, () => {
        const descriptor = descriptorOf(module, service).methods[method.name]!;
        const messages = [requestOf(schema, method, descriptor)];
        if (method.response.kind !== "undefined") {
          messages.push(responseOf(schema, method, descriptor));
        }
        for (const message of messages) {
          defineValidRoundTrip(message, "msgpack");
          defineValidRoundTrip(message, "json");
          if (message.refusable) defineMutationRefused(message);
        }
      });
    }
  }
});
