/**
 * Untagged unions of object types (issue 12, docs/codegen.md#unions-of-objects), generated at
 * random over a small pool of keys so members overlap, nest objects (whose unknown keys a failed
 * try would drop) and are sometimes weak (every property optional):
 *   (a) a value of any member decodes to itself: no key a member declares is lost;
 *   (b) keys no member declares are dropped, and only those.
 * All unions go into one module, generated and imported once.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServiceDescriptor } from "@rpcgen/runtime";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { emit } from "../../src/emit/index.js";
import type { Method, NamedType, Property, Schema, TypeNode } from "../../src/ir/schema.js";
import { scratch } from "../emit/support.js";
import { arbitraryFor } from "./arbitrary.js";
import { difference } from "./equal.js";

const numRuns = Number(process.env.RPCGEN_PROPERTY_RUNS ?? 100);
const unionCount = 24;

const nested: TypeNode = {
  kind: "object",
  properties: [
    { name: "x", type: { kind: "number" }, optional: false, readonly: false },
    { name: "y", type: { kind: "string" }, optional: true, readonly: false },
  ],
};
const propertyTypes: readonly TypeNode[] = [
  { kind: "string" },
  { kind: "number" },
  { kind: "literal", value: "k" },
  { kind: "literal", value: 2 },
  { kind: "date" },
  { kind: "union", members: [{ kind: "string" }, { kind: "null" }] },
  nested,
  { kind: "array", element: nested },
];

const member: fc.Arbitrary<TypeNode> = fc
  .uniqueArray(
    fc.record({
      name: fc.constantFrom("a", "b", "c", "d", "e"),
      type: fc.constantFrom(...propertyTypes),
      optional: fc.boolean(),
    }),
    { minLength: 1, maxLength: 4, selector: (p) => p.name },
  )
  .map((properties) => ({
    kind: "object",
    properties: properties.map((p): Property => ({ ...p, readonly: false })),
  }));

const union = fc.array(fc.tuple(member, fc.boolean()), { minLength: 2, maxLength: 4 });

/** The unions (members named or inline) and the module decoding them, one method each. */
function unionSchema(unions: readonly (readonly [TypeNode, boolean])[][]): Schema {
  const types: Record<string, NamedType> = {};
  const methods: Method[] = unions.map((members, i) => {
    const nodes = members.map(([node, isNamed], j): TypeNode => {
      if (!isNamed) return node;
      const id = `M${i}_${j}`;
      types[id] = { id, name: id, declaredIn: "idl.ts", type: node };
      return { kind: "ref", id };
    });
    const type: TypeNode = { kind: "union", members: nodes };
    return {
      name: `u${i}`,
      kind: "unary",
      params: [{ name: "v", type, optional: false }],
      response: type,
    };
  });
  return {
    schemaVersion: 1,
    source: "idl.ts",
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => (a < b ? -1 : 1))),
    services: [{ name: "Unions", importFrom: "./idl.js", methods }],
  };
}

const unions = fc.sample(union, { numRuns: unionCount, seed: 12 });
const schema = unionSchema(unions);
const dir = join(scratch, "object-unions-property");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const file = join(dir, "unions.gen.ts");
writeFileSync(file, emit(schema, { generatorVersion: "0.0.0-test" }));
const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
const def = module.UnionsDef as ServiceDescriptor;

describe.each(schema.services[0]?.methods.map((m, i) => [i, m] as const) ?? [])(
  "union %i",
  (i, method) => {
    const decode = def.methods[method.name]?.decodeRequest as (value: unknown) => unknown;
    const type = method.params[0]?.type as Extract<TypeNode, { kind: "union" }>;
    const values = fc.oneof(...type.members.map((m) => arbitraryFor(m, schema)));
    const declared = new Set(
      type.members.flatMap((m) => {
        const object = m.kind === "ref" ? schema.types[m.id]?.type : m;
        return object?.kind === "object" ? object.properties.map((p) => p.name) : [];
      }),
    );

    test(`a value of any member decodes to itself (${i})`, () => {
      fc.assert(
        fc.property(values, (value) => {
          const decoded = decode(structuredClone(value));
          expect(difference(decoded, value)).toBeUndefined();
        }),
        { numRuns },
      );
    });

    test(`only keys no member declares are dropped (${i})`, () => {
      const extra = fc.dictionary(
        fc.constantFrom("f", "g", "x-extension"),
        fc.constantFrom(1, "s", null),
        { minKeys: 1, maxKeys: 2 },
      );
      fc.assert(
        fc.property(values, extra, (value, junk) => {
          expect([...Object.keys(junk)].some((key) => declared.has(key))).toBe(false);
          const decoded = decode({ ...structuredClone(value as object), ...junk });
          expect(difference(decoded, value)).toBeUndefined();
        }),
        { numRuns },
      );
    });
  },
);
