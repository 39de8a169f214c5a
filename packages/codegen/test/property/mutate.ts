import type {
  NumberConstraints,
  Schema,
  StringConstraints,
  TypeNode,
} from "../../src/ir/schema.js";

/** One place in a wire value where a wrong value can go, and the path a decoder must report. */
export interface MutationSite {
  /** Keys from the root: property names and array indexes. */
  readonly segments: readonly (string | number)[];
  /** The path as decoders print it, e.g. `req.path[2].lat`. */
  readonly path: string;
  /** A value no decoder of that type may accept, the same after either codec. */
  readonly wrong: unknown;
}

/** Where a value sits, when that changes what its decoder accepts. */
export interface SiteOptions {
  /**
   * `null` stands for "absent" here, so it is no wrong value: an optional tuple element, or the
   * one optional parameter of a method (JSON frames carry an absent payload as null).
   */
  readonly nullAccepted?: boolean;
}

/**
 * Lists the places in `wire` (a value of type `node` in its wire form: after the generated
 * encoder, so Maps are arrays of [key, value] pairs and Sets arrays) whose type is unambiguous,
 * each with a wrong value and the path its decoder must name.
 *
 * Every place gets a primitive (12345, "__mutant__", true or null) that no member of its type
 * accepts even shallowly, so the decoder refuses it at that very place, not deeper; a place
 * whose type has JSDoc constraints also gets values of the right kind that break them. The walk
 * goes into objects (declared properties, also absent optional ones; extra keys of an index
 * signature), records, arrays, tuples (also the next absent optional element), Sets and Map
 * pairs (`[i]`, `[i][0]`, `[i][1]`), and into the one member of a union that can hold the value:
 * the member a discriminated union's tag selects, or the only member whose JavaScript shape
 * fits. Places where more than one member could claim the value are not entered, and places of
 * type `unknown` (or a union that takes any JSON) have no wrong value.
 */
export function mutationSites(
  node: TypeNode,
  wire: unknown,
  schema: Schema,
  path: string,
  options: SiteOptions = {},
): MutationSite[] {
  const out: MutationSite[] = [];
  walk({ schema, out }, node, wire, path, [], options.nullAccepted ?? false);
  return out;
}

/**
 * The sites of a request with zero or several parameters: an object keyed by parameter name,
 * whose paths start at the parameter names and which reads as `request` as a whole.
 */
export function requestObjectSites(
  params: readonly { readonly name: string; readonly type: TypeNode }[],
  wire: unknown,
  schema: Schema,
): MutationSite[] {
  const out: MutationSite[] = [{ segments: [], path: "request", wrong: 12345 }];
  if (!isPlainObject(wire)) return out;
  for (const param of params) {
    const value = Object.hasOwn(wire, param.name) ? wire[param.name] : undefined;
    walk({ schema, out }, param.type, value, param.name, [param.name], false);
  }
  return out;
}

/**
 * The wrong values for a place of type `node`: a primitive of the wrong kind when there is one,
 * plus values of the right kind that break a constraint of the type (`@minLength`, `@pattern`,
 * `@format`, `@minimum`, `@integer`...), each refused by every member of the type.
 */
export function wrongValuesFor(
  node: TypeNode,
  schema: Schema,
  options: SiteOptions = {},
): unknown[] {
  const refused = (candidate: unknown) =>
    !(candidate === null && options.nullAccepted === true) &&
    !mightAccept(schema, node, candidate, new Set());
  const wrong: unknown[] = [];
  const kind = candidates.findIndex(refused);
  if (kind >= 0) wrong.push(candidates[kind]);
  for (const candidate of constraintBreakers(schema, node, new Set())) {
    if (refused(candidate) && !wrong.includes(candidate)) wrong.push(candidate);
  }
  return wrong;
}

/** Primitives that survive both codecs unchanged. */
const candidates: readonly unknown[] = [12345, "__mutant__", true, null];

/** Strings that no `@format` check may accept. */
const badFormat: Readonly<Record<NonNullable<StringConstraints["format"]>, string>> = {
  email: "not an email",
  uuid: "not-a-uuid",
  uri: "not a uri",
  "date-time": "yesterday",
};

/** Values of the right kind that break the constraints of `node` or of its members. */
function constraintBreakers(schema: Schema, node: TypeNode, seen: Set<string>): unknown[] {
  switch (node.kind) {
    case "string": {
      const c = node.constraints;
      if (c === undefined) return [];
      const out: unknown[] = [];
      if (c.minLength !== undefined && c.minLength > 0) out.push("a".repeat(c.minLength - 1));
      if (c.maxLength !== undefined) out.push("a".repeat(c.maxLength + 1));
      if (c.pattern !== undefined) {
        const pattern = new RegExp(c.pattern, "u");
        const breaker = ["!\u00a7 ", "", "__mutant__ !"].find((text) => !pattern.test(text));
        if (breaker !== undefined) out.push(breaker);
      }
      if (c.format !== undefined) out.push(badFormat[c.format]);
      return out;
    }
    case "number": {
      const c = node.constraints;
      if (c === undefined) return [];
      const out: unknown[] = [];
      if (c.minimum !== undefined) out.push(c.minimum - 1);
      if (c.maximum !== undefined) out.push(c.maximum + 1);
      if (c.integer === true) out.push((c.minimum ?? 0) + 0.5);
      return out;
    }
    case "union":
      return node.members.flatMap((m) => constraintBreakers(schema, m, seen));
    case "ref": {
      if (seen.has(node.id)) return [];
      const named = schema.types[node.id];
      return named === undefined
        ? []
        : constraintBreakers(schema, named.type, new Set([...seen, node.id]));
    }
    default:
      return [];
  }
}

/** True when `value` (a string) meets every constraint the check can decide for sure. */
function meetsString(c: StringConstraints | undefined, value: string): boolean {
  if (c === undefined) return true;
  if (c.minLength !== undefined && value.length < c.minLength) return false;
  if (c.maxLength !== undefined && value.length > c.maxLength) return false;
  if (c.pattern !== undefined && !new RegExp(c.pattern, "u").test(value)) return false;
  if (c.format !== undefined && value === badFormat[c.format]) return false;
  return true;
}

function meetsNumber(c: NumberConstraints | undefined, value: number): boolean {
  if (c === undefined) return true;
  if (c.minimum !== undefined && value < c.minimum) return false;
  if (c.maximum !== undefined && value > c.maximum) return false;
  if (c.integer === true && !Number.isInteger(value)) return false;
  return true;
}

interface Walk {
  readonly schema: Schema;
  readonly out: MutationSite[];
}

function walk(
  w: Walk,
  node: TypeNode,
  value: unknown,
  path: string,
  segments: readonly (string | number)[],
  nullAccepted: boolean,
): void {
  for (const wrong of wrongValuesFor(node, w.schema, { nullAccepted })) {
    w.out.push({ segments, path, wrong });
  }
  descend(w, node, value, path, segments);
}

/** Walks the places inside `value`, which sits at a place of type `node`. */
function descend(
  w: Walk,
  node: TypeNode,
  value: unknown,
  path: string,
  segments: readonly (string | number)[],
): void {
  switch (node.kind) {
    case "ref": {
      const named = w.schema.types[node.id];
      if (named === undefined) throw new Error(`schema has no type ${node.id}`);
      descend(w, named.type, value, path, segments);
      return;
    }
    case "object": {
      if (!isPlainObject(value)) return;
      const declared = new Set<string>();
      for (const p of node.properties) {
        declared.add(p.name);
        const item = Object.hasOwn(value, p.name) ? value[p.name] : undefined;
        walk(w, p.type, item, propertyPath(path, p.name), [...segments, p.name], false);
      }
      if (node.additional !== undefined) {
        for (const key of Object.keys(value)) {
          if (declared.has(key)) continue;
          walk(w, node.additional, value[key], keyPath(path, key), [...segments, key], false);
        }
      }
      return;
    }
    case "record": {
      if (!isPlainObject(value)) return;
      for (const key of Object.keys(value)) {
        walk(w, node.value, value[key], keyPath(path, key), [...segments, key], false);
      }
      return;
    }
    case "array":
    case "set": {
      if (!Array.isArray(value)) return;
      value.forEach((item, i) => {
        walk(w, node.element, item, `${path}[${i}]`, [...segments, i], false);
      });
      return;
    }
    case "map": {
      if (!Array.isArray(value)) return;
      value.forEach((pair: unknown, i) => {
        const at = `${path}[${i}]`;
        w.out.push({ segments: [...segments, i], path: at, wrong: 12345 });
        if (!Array.isArray(pair)) return;
        walk(w, node.key, pair[0], `${at}[0]`, [...segments, i, 0], false);
        walk(w, node.value, pair[1], `${at}[1]`, [...segments, i, 1], false);
      });
      return;
    }
    case "tuple": {
      if (!Array.isArray(value)) return;
      const fixed = node.elements.filter((e) => !e.rest);
      const rest = node.elements.find((e) => e.rest);
      value.forEach((item, i) => {
        const element = i < fixed.length ? fixed[i] : rest;
        if (element === undefined) return;
        const optional = element.optional && !element.rest;
        walk(w, element.type, item, `${path}[${i}]`, [...segments, i], optional);
      });
      // The first absent optional element can be appended.
      const next = fixed[value.length];
      if (next?.optional === true) {
        walk(
          w,
          next.type,
          undefined,
          `${path}[${value.length}]`,
          [...segments, value.length],
          true,
        );
      }
      return;
    }
    case "union": {
      const member = memberHolding(w.schema, node, value);
      if (member !== undefined) descend(w, member, value, path, segments);
      return;
    }
    default:
      return;
  }
}

/**
 * The one member of `node` a decoder would hand `value` to, mirroring the emitter: a `switch` on
 * the tag of a discriminated union whose members are objects with distinct literal tags;
 * otherwise the only member whose shape can hold the value.
 */
function memberHolding(
  schema: Schema,
  node: Extract<TypeNode, { kind: "union" }>,
  value: unknown,
): TypeNode | undefined {
  const members = flatMembers(node);
  const tags =
    node.discriminator === undefined ? undefined : tagsOf(schema, members, node.discriminator);
  if (tags !== undefined && node.discriminator !== undefined) {
    if (!isPlainObject(value)) return undefined;
    const tag = value[node.discriminator];
    const index = tags.findIndex((list) => list.includes(tag as string | number | boolean));
    return index < 0 ? undefined : members[index];
  }
  const fitting = members.filter((m) => mightAccept(schema, m, value, new Set()));
  return fitting.length === 1 ? fitting[0] : undefined;
}

/** Members of a union with nested inline unions spread in (references stay whole), as the emitter sees them. */
function flatMembers(node: TypeNode): TypeNode[] {
  return node.kind === "union" ? node.members.flatMap(flatMembers) : [node];
}

type Tag = string | number | boolean;

/** The tags of each member, or undefined if the union is not decoded by a switch on them. */
function tagsOf(
  schema: Schema,
  members: readonly TypeNode[],
  discriminator: string,
): Tag[][] | undefined {
  const seen = new Set<Tag>();
  const all: Tag[][] = [];
  for (const member of members) {
    const object = resolve(schema, member);
    if (object.kind !== "object") return undefined;
    const property = object.properties.find((p) => p.name === discriminator);
    if (property === undefined || property.optional) return undefined;
    const type = resolve(schema, property.type);
    const values: Tag[] = [];
    for (const tag of flatMembers(type)) {
      const literal = resolve(schema, tag);
      const tags: Tag[] =
        literal.kind === "enum"
          ? literal.members.map((m) => m.value)
          : literal.kind === "literal"
            ? [literal.value]
            : [];
      if (tags.length === 0 || tags.some((t) => seen.has(t))) return undefined;
      for (const t of tags) seen.add(t);
      values.push(...tags);
    }
    all.push(values);
  }
  return all;
}

/**
 * False only when no decoder of `node` can accept `value`, looking at its JavaScript shape (and
 * for literals and enums, its value). Conservative: true whenever in doubt.
 */
function mightAccept(schema: Schema, node: TypeNode, value: unknown, seen: Set<string>): boolean {
  switch (node.kind) {
    case "string":
      return typeof value === "string" && meetsString(node.constraints, value);
    case "number":
      return typeof value === "number" && meetsNumber(node.constraints, value);
    case "boolean":
      return typeof value === "boolean";
    case "bigint":
      // From a bigint, a safe integer, or a decimal string (JSON).
      return typeof value === "bigint" || typeof value === "number" || typeof value === "string";
    case "null":
      return value === null;
    case "undefined":
      return value === undefined;
    case "date":
      return value instanceof Date || typeof value === "string";
    case "bytes":
      return value instanceof Uint8Array || typeof value === "string";
    case "unknown":
      return true;
    case "literal":
      return value === node.value;
    case "enum":
      return node.members.some((m) => m.value === value);
    case "array":
    case "tuple":
      return Array.isArray(value);
    case "map":
      return Array.isArray(value) || value instanceof Map;
    case "set":
      return Array.isArray(value) || value instanceof Set;
    case "object":
    case "record":
      return isPlainObject(value);
    case "union":
      return node.members.some((m) => mightAccept(schema, m, value, seen));
    case "ref": {
      if (seen.has(node.id)) return true;
      const named = schema.types[node.id];
      if (named === undefined) return true;
      return mightAccept(schema, named.type, value, new Set([...seen, node.id]));
    }
  }
}

function resolve(schema: Schema, node: TypeNode): TypeNode {
  let current = node;
  const seen = new Set<string>();
  while (current.kind === "ref" && !seen.has(current.id)) {
    seen.add(current.id);
    const named = schema.types[current.id];
    if (named === undefined) throw new Error(`schema has no type ${current.id}`);
    current = named.type;
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Date) &&
    !(value instanceof Map) &&
    !(value instanceof Set)
  );
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/** `path.name`, or `path["my-name"]` for a name that is not an identifier (as decoders print it). */
function propertyPath(path: string, name: string): string {
  return identifier.test(name) ? `${path}.${name}` : keyPath(path, name);
}

/** `path["key"]`: a key known only at run time (records, index signatures). */
function keyPath(path: string, key: string): string {
  return `${path}[${JSON.stringify(key)}]`;
}

/** A deep copy of `root` with the value at `segments` replaced by `wrong`. */
export function applyMutation(root: unknown, site: MutationSite): unknown {
  if (site.segments.length === 0) return site.wrong;
  const copy = structuredClone(root);
  let target = copy as Record<string | number, unknown>;
  for (const segment of site.segments.slice(0, -1)) {
    target = target[segment] as Record<string | number, unknown>;
  }
  target[site.segments.at(-1)!] = site.wrong;
  return copy;
}

/**
 * What a schema-free mutation does to the place it targets. The corpus (test/corpus) applies
 * them to real payloads and lets TypeScript judge the result, so they need no schema: whether a
 * change is wrong is TypeScript's call, not the mutation's.
 */
export type JsonMutationKind =
  /** A primitive of another JSON kind (12345, "__mutant__"; an object or array becomes 12345). */
  | "wrong-kind"
  /** `null` where the value was not null. */
  | "null"
  /** Another string: a wrong literal where the type is a union of literals. */
  | "other-string"
  /** Another number: a wrong literal where the type is a union of numeric literals. */
  | "other-number"
  /** The other boolean: wrong where the type is the literal `true` or `false`. */
  | "flip-boolean"
  /** A property deleted: wrong where it is required. */
  | "delete-key"
  /** A property no type declares added: an excess property for TypeScript, dropped by decoders. */
  | "unknown-key"
  /** `{}` in place of an object: wrong where any property is required. */
  | "empty-object"
  /** The last element repeated: a wrong tuple length. */
  | "append-element"
  /** The last element removed: a wrong tuple length. */
  | "remove-element";

/** One change at one place of a JSON value. */
export interface JsonMutation {
  readonly kind: JsonMutationKind;
  /** Keys from the root to the place changed (for `unknown-key`, the object the key goes into). */
  readonly segments: readonly (string | number)[];
  /** The place as decoders print paths, e.g. `response.items[0].user`. */
  readonly path: string;
}

/** The key `unknown-key` adds; no type in the corpus declares it. */
export const unknownKey = "__corpus_unknown__";

/**
 * Every single change of `kinds` that applies somewhere in `value` (a JSON value), in a fixed
 * order: depth first, the place itself before its contents. `root` names the value in paths.
 */
export function jsonMutations(value: unknown, root: string): JsonMutation[] {
  const out: JsonMutation[] = [];
  const visit = (item: unknown, segments: readonly (string | number)[], path: string) => {
    const add = (kind: JsonMutationKind) => {
      out.push({ kind, segments, path });
    };
    add("wrong-kind");
    if (item !== null) add("null");
    if (typeof item === "string") add("other-string");
    if (typeof item === "number") add("other-number");
    if (typeof item === "boolean") add("flip-boolean");
    if (Array.isArray(item)) {
      if (item.length > 0) {
        add("append-element");
        add("remove-element");
      }
      item.forEach((element, i) => {
        visit(element, [...segments, i], `${path}[${i}]`);
      });
    } else if (isPlainObject(item)) {
      add("unknown-key");
      if (Object.keys(item).length > 0) add("empty-object");
      for (const key of Object.keys(item)) {
        const keyAt = [...segments, key];
        out.push({ kind: "delete-key", segments: keyAt, path: propertyPath(path, key) });
        visit(item[key], keyAt, propertyPath(path, key));
      }
    }
  };
  visit(value, [], root);
  return out;
}

/** A deep copy of `root` with `mutation` applied; `root` is left alone. */
export function applyJsonMutation(root: unknown, mutation: JsonMutation): unknown {
  const copy = structuredClone(root);
  const { segments } = mutation;
  if (mutation.kind === "delete-key") {
    const parent = valueAt(copy, segments.slice(0, -1)) as Record<string | number, unknown>;
    delete parent[segments.at(-1)!];
    return copy;
  }
  const changed = changedValue(mutation.kind, valueAt(copy, segments));
  if (segments.length === 0) return changed;
  const parent = valueAt(copy, segments.slice(0, -1)) as Record<string | number, unknown>;
  parent[segments.at(-1)!] = changed;
  return copy;
}

function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  let current = root;
  for (const segment of segments) current = (current as Record<string | number, unknown>)[segment];
  return current;
}

/** The new value of a place: `value` is already a copy, so it may be changed in place. */
function changedValue(kind: Exclude<JsonMutationKind, "delete-key">, value: unknown): unknown {
  switch (kind) {
    case "wrong-kind":
      return typeof value === "number" ? "__mutant__" : 12345;
    case "null":
      return null;
    case "other-string":
      return "__mutant__";
    case "other-number":
      return 987654;
    case "flip-boolean":
      return value !== true;
    case "unknown-key":
      (value as Record<string, unknown>)[unknownKey] = 1;
      return value;
    case "empty-object":
      return {};
    case "append-element": {
      const list = value as unknown[];
      list.push(structuredClone(list.at(-1)));
      return list;
    }
    case "remove-element":
      (value as unknown[]).pop();
      return value;
  }
}
