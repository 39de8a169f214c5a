import fc from "fast-check";
import type {
  EnumMember,
  Method,
  MethodKind,
  NamedType,
  Param,
  Property,
  Schema,
  Service,
  TupleElement,
  TypeNode,
} from "../../src/ir/schema.js";

/**
 * fast-check arbitraries for whole schemas (the IR an IDL file analyzes to), built to stress
 * the layout of generated code rather than the decoders' logic: long and short names, deep and
 * wide unions, many parameters, long doc comments, string literals holding quotes, backslashes
 * and non-ASCII text, numbers of every spelling. Every reference points to a declared type, so
 * each schema emits.
 */

/** Identifiers from one letter to long enough to push any line past 100 columns. */
const identifier = (first: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(...first),
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc.string({ unit: fc.constantFrom(..."abcdefghXYZ019_"), maxLength: 8 }),
        },
        {
          weight: 1,
          arbitrary: fc.string({
            unit: fc.constantFrom(..."abcdefghijklmnopQRSTU"),
            minLength: 20,
            maxLength: 60,
          }),
        },
      ),
    )
    .map(([head, tail]) => head + tail);

const lowerName = identifier("abcdefghijklmnopqrstuvwxyz");
const upperName = identifier("ABCDEFGHIJKLMNOPQRSTUVWXYZ");

/** Text for string literals, keys and docs: quotes, escapes, `${`, wide and zero-width characters. */
const text = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(..."abc xyz-_.:/") },
      { weight: 2, arbitrary: fc.constantFrom('"', "'", "`", "\\", "${", "*/", "\n", "\t") },
      {
        weight: 1,
        arbitrary: fc.constantFrom("é", "ß", "中文", "😀", "\u0301", "\u2028", "\u200b"),
      },
    ),
    maxLength,
  });

/** Property names: identifiers, names that need quotes, and names inherited from Object. */
const propertyName = fc.oneof(
  { weight: 6, arbitrary: lowerName },
  { weight: 2, arbitrary: text(12).filter((name) => name !== "__proto__") },
  {
    weight: 1,
    arbitrary: fc.constantFrom("constructor", "toString", "__proto__", "café", "a-b", "0"),
  },
);

/** Method names: mostly identifiers, sometimes a name only a string literal can spell. */
const methodName = fc.oneof(
  { weight: 8, arbitrary: lowerName },
  { weight: 1, arbitrary: fc.constantFrom("get-route", "café", "with space", 'say"hi"', "it's") },
);

const numberValue = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 1e21, 1.5e-7, 123456789012, 0.1),
);

const doc = fc.option(
  fc.oneof(
    text(40),
    fc.array(text(110), { minLength: 1, maxLength: 4 }).map((lines) => lines.join("\n")),
  ),
  { nil: undefined },
);

/** Regular expressions the analyzer accepts (valid with the `u` flag). */
const pattern = fc.constantFrom(
  "^[a-z0-9_]+$",
  "^https?://[^/]+/.*$",
  "[/]",
  "\\d{3}-\\d{4}",
  "^\\p{L}+$",
  "",
  "a\\/b",
);

interface Names {
  readonly types: readonly string[];
}

function typeNode(names: Names, depth: number, response: boolean): fc.Arbitrary<TypeNode> {
  const leaf = leafType(names, response);
  if (depth <= 0) return leaf;
  const sub = typeNode(names, depth - 1, response);
  return fc.oneof(
    { weight: 6, arbitrary: leaf },
    { weight: 1, arbitrary: sub.map((element): TypeNode => ({ kind: "array", element })) },
    { weight: 1, arbitrary: tuple(sub) },
    { weight: 2, arbitrary: object(sub, 6) },
    { weight: 1, arbitrary: object(leaf, 20) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("string", "number" as const), fc.oneof(sub, sub, sub, never))
        .map(([key, value]): TypeNode => ({ kind: "record", key, value })),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(sub, { minLength: 2, maxLength: 5 })
        .map((members): TypeNode => ({ kind: "union", members })),
    },
    { weight: 1, arbitrary: tagged(names, depth - 1, response) },
    {
      weight: 1,
      arbitrary: fc.tuple(sub, sub).map(([key, value]): TypeNode => ({ kind: "map", key, value })),
    },
    { weight: 1, arbitrary: sub.map((element): TypeNode => ({ kind: "set", element })) },
  );
}

function leafType(names: Names, response: boolean): fc.Arbitrary<TypeNode> {
  const kinds: fc.Arbitrary<TypeNode>[] = [
    fc.constantFrom<TypeNode>(
      { kind: "string" },
      { kind: "number" },
      { kind: "boolean" },
      { kind: "bigint" },
      { kind: "null" },
      { kind: "undefined" },
      { kind: "date" },
      { kind: "bytes" },
    ),
    fc
      .oneof(text(30), numberValue, fc.boolean())
      .map((value): TypeNode => ({ kind: "literal", value })),
    enumType,
    numberEnum,
    fc.uniqueArray(numberValue, { minLength: 7, maxLength: 40 }).map(
      (values): TypeNode => ({
        kind: "union",
        members: values.map((value): TypeNode => ({ kind: "literal", value })),
      }),
    ),
    stringWithConstraints,
    fc
      .record(
        { minimum: numberValue, maximum: numberValue, integer: fc.boolean() },
        { requiredKeys: [] },
      )
      .map((constraints): TypeNode => ({ kind: "number", constraints })),
  ];
  if (response) kinds.push(fc.constant<TypeNode>({ kind: "unknown" }));
  if (names.types.length > 0) {
    kinds.push(fc.constantFrom(...names.types).map((id): TypeNode => ({ kind: "ref", id })));
  }
  return fc.oneof(...kinds);
}

const enumType: fc.Arbitrary<TypeNode> = fc
  .uniqueArray(fc.tuple(upperName, fc.oneof(text(20), fc.integer({ min: -50, max: 5000 }))), {
    minLength: 1,
    maxLength: 12,
    selector: ([name]) => name,
  })
  .map((entries) => {
    const seen = new Set<string | number>();
    const members = entries
      .filter(([, value]) => !seen.has(value) && seen.add(value) !== undefined)
      .map(([name, value]): EnumMember => ({ name, value }));
    return { kind: "enum", members };
  });

/** `never` (the empty union): the analyzer writes it as the values of `Record<string, never>`. */
const never: fc.Arbitrary<TypeNode> = fc.constant({ kind: "union", members: [] });

/** Enums of numbers only: their value sets print as filled lines of numbers. */
const numberEnum: fc.Arbitrary<TypeNode> = fc
  .uniqueArray(fc.integer({ min: -99999, max: 99999 }), { minLength: 1, maxLength: 40 })
  .map(
    (values): TypeNode => ({
      kind: "enum",
      members: values.map((value, i): EnumMember => ({ name: `M${i}`, value })),
    }),
  );

const stringWithConstraints: fc.Arbitrary<TypeNode> = fc
  .record(
    {
      minLength: fc.integer({ min: 0, max: 20 }),
      maxLength: fc.integer({ min: 1, max: 200 }),
      pattern,
      format: fc.constantFrom("email", "uuid", "uri", "date-time" as const),
    },
    { requiredKeys: [] },
  )
  .map((constraints): TypeNode => ({ kind: "string", constraints }));

function tuple(sub: fc.Arbitrary<TypeNode>): fc.Arbitrary<TypeNode> {
  const element = fc.record({ type: sub, optional: fc.boolean(), rest: fc.constant(false) });
  return fc
    .tuple(
      fc.array(element, { maxLength: 4 }),
      fc.option(sub, { nil: undefined }),
      fc.array(sub, { maxLength: 2 }),
    )
    .map(([head, rest, tail]): TypeNode => {
      // Optional elements only before the rest, and none after an optional one is required.
      let optional = false;
      const elements: TupleElement[] = head.map((e) => {
        optional ||= e.optional && rest === undefined;
        return { ...e, optional };
      });
      if (rest !== undefined) {
        elements.push({ type: rest, optional: false, rest: true });
        for (const type of tail) elements.push({ type, optional: false, rest: false });
      }
      return { kind: "tuple", elements };
    });
}

function properties(sub: fc.Arbitrary<TypeNode>, maxLength: number): fc.Arbitrary<Property[]> {
  return fc.uniqueArray(
    fc
      .record({
        name: propertyName,
        type: sub,
        optional: fc.boolean(),
        readonly: fc.boolean(),
        doc,
      })
      .map(
        ({ doc: text, ...property }): Property =>
          text === undefined ? property : { ...property, doc: text },
      ),
    { maxLength, selector: (property) => property.name },
  );
}

function object(sub: fc.Arbitrary<TypeNode>, maxProperties: number): fc.Arbitrary<TypeNode> {
  return fc
    .tuple(properties(sub, maxProperties), fc.option(sub, { freq: 4, nil: undefined }))
    .map(
      ([props, additional]): TypeNode =>
        additional === undefined
          ? { kind: "object", properties: props }
          : { kind: "object", properties: props, additional },
    );
}

/** A union of objects tagged by a literal property. */
function tagged(names: Names, depth: number, response: boolean): fc.Arbitrary<TypeNode> {
  const sub = typeNode(names, Math.max(0, depth - 1), response);
  return fc
    .tuple(
      propertyName,
      fc.uniqueArray(fc.oneof(text(24), fc.integer()), { minLength: 2, maxLength: 6 }),
    )
    .chain(([discriminator, tags]) =>
      fc.tuple(...tags.map(() => properties(sub, 4))).map(
        (members): TypeNode => ({
          kind: "union",
          discriminator,
          members: members.map(
            (props, i): TypeNode => ({
              kind: "object",
              properties: [
                {
                  name: discriminator,
                  type: { kind: "literal", value: tags[i] as string | number },
                  optional: false,
                  readonly: false,
                },
                ...props.filter((p) => p.name !== discriminator),
              ],
            }),
          ),
        }),
      ),
    );
}

function method(names: Names): fc.Arbitrary<Method> {
  const request = typeNode(names, 2, false);
  const response = typeNode(names, 2, true);
  const param = fc.record({ name: lowerName, type: request, optional: fc.boolean() });
  return fc
    .record({
      name: methodName,
      kind: fc.constantFrom<MethodKind>("unary", "unary", "server_stream", "client_stream", "bidi"),
      doc,
      params: fc.uniqueArray(param, { maxLength: 8, selector: (p) => p.name }),
      single: param,
      response: fc.oneof(response, fc.constant<TypeNode>({ kind: "undefined" })),
    })
    .map(({ name, kind, doc: text, params, single, response: res }): Method => {
      const streamed = kind === "client_stream" || kind === "bidi";
      const list: Param[] = streamed ? [{ ...single, optional: false }] : params;
      const base = { name, kind, params: list, response: res };
      return text === undefined ? base : { ...base, doc: text };
    });
}

/** A schema of one IDL file: up to six named types and up to three services. */
export const schemaArbitrary: fc.Arbitrary<Schema> = fc
  .uniqueArray(
    fc.oneof(
      { weight: 6, arbitrary: upperName },
      { weight: 1, arbitrary: fc.tuple(upperName, upperName).map(([a, b]) => `${a}<${b}>`) },
      { weight: 1, arbitrary: upperName.map((name) => `${name}@2`) },
    ),
    { maxLength: 6 },
  )
  .chain((ids) => {
    const names: Names = { types: ids };
    const types = fc.tuple(
      ...ids.map((id) =>
        fc.record({ type: typeNode(names, 3, true), doc }).map(({ type, doc: text }): NamedType => {
          const base = { id, name: id.replace(/[<@].*$/, ""), declaredIn: "idl.ts", type };
          return text === undefined ? base : { ...base, doc: text };
        }),
      ),
    );
    const services = fc.uniqueArray(
      fc.record({
        name: upperName.map((name) => `${name}Service`),
        doc,
        methods: fc.uniqueArray(method(names), {
          minLength: 1,
          maxLength: 4,
          selector: (m) => m.name,
        }),
      }),
      { maxLength: 3, selector: (s) => s.name },
    );
    return fc.tuple(
      types,
      services,
      fc.constantFrom(
        "./idl.js",
        "../services/a-very-long-directory-name/and-an-even-longer-idl-file-name.js",
      ),
    );
  })
  .map(
    ([types, services, importFrom]): Schema => ({
      schemaVersion: 1,
      source: "idl.ts",
      types: Object.fromEntries(
        [...types].sort((a, b) => (a.id < b.id ? -1 : 1)).map((type) => [type.id, type]),
      ),
      services: services.map(({ doc: text, ...service }): Service => {
        const base = { ...service, importFrom };
        return text === undefined ? base : { ...base, doc: text };
      }),
    }),
  );
