import fc from "fast-check";
import type {
  NumberConstraints,
  Schema,
  StringConstraints,
  TypeNode,
} from "../../src/ir/schema.js";

/** Deeper than this (counted in named-type references), containers come out empty and optional parts absent, so recursion ends. */
const maxDepth = 3;

/** What values {@link arbitraryFor} may produce. */
export interface ArbitraryOptions {
  /**
   * Only finite numbers: what the JSON codec can carry. By default unconstrained numbers also
   * take `Infinity` and `-Infinity`, which MessagePack keeps.
   */
  readonly finite?: boolean;
}

interface Context {
  readonly schema: Schema;
  readonly finite: boolean;
  readonly memo: Map<string, fc.Arbitrary<unknown>>;
}

/**
 * fast-check arbitraries for values of an IR type: anything a well-behaved caller could send,
 * in its in-memory form (Maps, Sets, Dates, bigints, Uint8Arrays). Never NaN (no decoder takes
 * it); strings are well-formed UTF-16 (MessagePack turns lone surrogates into U+FFFD); record
 * keys avoid `__proto__` and `__proto_` (both codecs refuse them); recursion through named
 * types is cut off at {@link maxDepth} levels.
 */
export function arbitraryFor(
  node: TypeNode,
  schema: Schema,
  options: ArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  return build(node, 0, { schema, finite: options.finite ?? false, memo: new Map() });
}

function ref(id: string, depth: number, ctx: Context): fc.Arbitrary<unknown> {
  const key = `${depth}:${id}`;
  let arbitrary = ctx.memo.get(key);
  if (arbitrary === undefined) {
    const named = ctx.schema.types[id];
    if (named === undefined) throw new Error(`schema has no type ${id}`);
    // chain() defers building until a value is drawn, so recursive types terminate.
    arbitrary = fc.constant(null).chain(() => build(named.type, depth + 1, ctx));
    ctx.memo.set(key, arbitrary);
  }
  return arbitrary;
}

function build(node: TypeNode, depth: number, ctx: Context): fc.Arbitrary<unknown> {
  const deep = depth >= maxDepth;
  const sub = (n: TypeNode) => build(n, depth, ctx);
  switch (node.kind) {
    case "string":
      return stringArbitrary(node.constraints);
    case "number":
      return numberArbitrary(node.constraints, ctx.finite);
    case "boolean":
      return fc.boolean();
    case "bigint":
      // The range the runtime admits: int64 and uint64.
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n });
    case "null":
      return fc.constant(null);
    case "undefined":
      return fc.constant(undefined);
    case "date":
      return fc.date({ noInvalidDate: true });
    case "bytes":
      return fc.oneof(
        fc.uint8Array({ maxLength: 16 }),
        // A view into a larger buffer: codecs must honour byteOffset and length.
        fc.uint8Array({ minLength: 1, maxLength: 16 }).map((a) => a.subarray(1)),
      );
    case "unknown":
      return jsonLike;
    case "literal":
      return fc.constant(node.value);
    case "enum":
      return fc.constantFrom(...node.members.map((m) => m.value));
    case "array":
      return deep ? fc.constant([]) : fc.array(sub(node.element), { maxLength: 3 });
    case "tuple": {
      const fixed = node.elements.filter((e) => !e.rest);
      const rest = node.elements.find((e) => e.rest);
      const firstOptional = fixed.findIndex((e) => e.optional);
      const required = firstOptional < 0 ? fixed.length : firstOptional;
      // A present optional element may hold `undefined` (JSON sends it as null).
      const element = (e: (typeof fixed)[number]) =>
        e.optional
          ? fc.oneof(
              { weight: 4, arbitrary: sub(e.type) },
              { weight: 1, arbitrary: fc.constant(undefined) },
            )
          : sub(e.type);
      return fc
        .tuple(
          fc.tuple(...fixed.map(element)),
          fc.integer({ min: required, max: deep ? required : fixed.length }),
          rest === undefined || deep ? fc.constant([]) : fc.array(sub(rest.type), { maxLength: 2 }),
        )
        .map(([values, keep, tail]) =>
          keep < fixed.length ? values.slice(0, keep) : [...values, ...tail],
        );
    }
    case "object": {
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      const requiredKeys: string[] = [];
      for (const p of node.properties) {
        if (p.optional && deep) continue;
        record[p.name] = sub(p.type);
        if (!p.optional) requiredKeys.push(p.name);
      }
      const base = fc.record(record, { requiredKeys, noNullPrototype: true });
      const additional = node.additional;
      if (additional === undefined || deep) return base;
      const declared = new Set(node.properties.map((p) => p.name));
      return fc
        .tuple(
          base,
          fc.dictionary(
            stringKey.filter((k) => !declared.has(k)),
            sub(additional),
            { maxKeys: 3, noNullPrototype: true },
          ),
        )
        .map(([fixed, extra]) => ({ ...extra, ...fixed }));
    }
    case "record":
      return deep
        ? fc.constant({})
        : fc.dictionary(node.key === "number" ? numberKey : stringKey, sub(node.value), {
            maxKeys: 3,
            noNullPrototype: true,
          });
    case "union": {
      // At depth, prefer members that do not recurse so the value can end.
      const flat = node.members.filter((m) => m.kind !== "ref");
      const members = deep && flat.length > 0 ? flat : node.members;
      return fc.oneof(...members.map(sub));
    }
    case "map":
      return deep
        ? fc.constant(new Map())
        : fc
            .array(fc.tuple(sub(node.key), sub(node.value)), { maxLength: 3 })
            .map((pairs) => new Map(pairs));
    case "set":
      return deep
        ? fc.constant(new Set())
        : fc.array(sub(node.element), { maxLength: 3 }).map((items) => new Set(items));
    case "ref":
      return ref(node.id, depth, ctx);
  }
}

/** Object keys: short strings, plus names that are also members of Object.prototype. */
const stringKey = fc
  .oneof(
    fc.string({ maxLength: 6 }),
    fc.string({ unit: "grapheme", maxLength: 3 }),
    fc.constantFrom("constructor", "toString", "hasOwnProperty", "valueOf", "length", "0"),
  )
  .filter((k) => k !== "__proto__" && k !== "__proto_");

/** Keys of `Record<number, V>`: canonical number strings, as `String(n)` writes them. */
const numberKey = fc
  .oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .map(String);

/** JSON-like values for `unknown` (allowed in responses only). */
const jsonLike: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 2, depthIdentifier: "jsonLike" },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 6 }),
    fc.array(tie("value"), { maxLength: 3, depthIdentifier: "jsonLike" }),
    fc.dictionary(stringKey, tie("value"), {
      maxKeys: 3,
      noNullPrototype: true,
      depthIdentifier: "jsonLike",
    }),
  ),
})).value;

function numberArbitrary(c: NumberConstraints | undefined, finite: boolean) {
  if (c?.integer === true) {
    return fc.integer({
      min: c.minimum === undefined ? Number.MIN_SAFE_INTEGER : Math.ceil(c.minimum),
      max: c.maximum === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(c.maximum),
    });
  }
  return fc.double({
    noNaN: true,
    noDefaultInfinity: finite,
    ...(c?.minimum === undefined ? {} : { min: c.minimum }),
    ...(c?.maximum === undefined ? {} : { max: c.maximum }),
  });
}

function stringArbitrary(c: StringConstraints | undefined): fc.Arbitrary<string> {
  if (c === undefined) {
    return fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 6 }));
  }
  let base: fc.Arbitrary<string>;
  if (c.format === "email") base = fc.emailAddress();
  else if (c.format === "uuid") base = fc.uuid();
  else if (c.format === "uri") {
    // A scheme, a colon and anything without whitespace (fc.webUrl is too slow to draw often).
    base = fc
      .tuple(
        fc.constantFrom("https", "http", "urn", "mailto", "x-app+v1.0"),
        fc.string({ unit: "grapheme-ascii", maxLength: 20 }),
      )
      .map(([scheme, rest]) => `${scheme}:${rest.replace(/\s/g, "")}`);
  } else if (c.format === "date-time") {
    // RFC 3339 needs a four-digit year.
    base = fc
      .date({
        noInvalidDate: true,
        min: new Date("0000-01-01T00:00:00.000Z"),
        max: new Date("9999-12-31T23:59:59.999Z"),
      })
      .map((d) => d.toISOString());
  } else if (c.pattern !== undefined) base = fc.stringMatching(new RegExp(c.pattern));
  else {
    base = fc.string({
      unit: "grapheme-ascii",
      minLength: c.minLength ?? 0,
      maxLength: c.maxLength ?? Math.max(12, c.minLength ?? 0),
    });
  }
  // Lengths count UTF-16 units, as the decoders do; the pattern is compiled as they compile it.
  const pattern = c.pattern === undefined ? undefined : new RegExp(c.pattern, "u");
  return base.filter(
    (s) =>
      (c.minLength === undefined || s.length >= c.minLength) &&
      (c.maxLength === undefined || s.length <= c.maxLength) &&
      (pattern === undefined || pattern.test(s)),
  );
}
