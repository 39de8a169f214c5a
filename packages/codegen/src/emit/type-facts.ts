import type { NamedType, Schema, TypeNode } from "../ir/schema.js";

/**
 * What the emitter needs to know about types beyond their shape: following refs, whether a
 * decoder returns a different value than it was given (so the caller must store it), whether a
 * message needs an encoder (it holds a Map or Set), and how to name a type in an error message.
 */
export class TypeFacts {
  readonly #types: Readonly<Record<string, NamedType>>;
  readonly #converts: ReadonlySet<string>;
  readonly #encodes: ReadonlySet<string>;

  constructor(schema: Schema) {
    this.#types = schema.types;
    this.#converts = closure(schema, (node, has) => convertsShallow(node, has));
    this.#encodes = closure(schema, (node, has) => encodesShallow(node, has));
  }

  /** The named type `id`; throws when the schema lacks it (a bug in whoever built the IR). */
  named(id: string): NamedType {
    const type = Object.hasOwn(this.#types, id) ? this.#types[id] : undefined;
    if (type === undefined) throw new Error(`rpcgen emit: the schema has no type with id ${id}`);
    return type;
  }

  /** `node` with refs followed; a ref cycle that never reaches a structure resolves to unknown. */
  resolve(node: TypeNode): TypeNode {
    const seen = new Set<string>();
    let current = node;
    while (current.kind === "ref") {
      if (seen.has(current.id)) return { kind: "unknown" };
      seen.add(current.id);
      current = this.named(current.id).type;
    }
    return current;
  }

  /**
   * True when decoding returns a new value rather than the one given (a Date from a string, a
   * Map from pairs...), so the caller must store the result. Objects and arrays are decoded in
   * place and do not count themselves.
   */
  converts(node: TypeNode): boolean {
    return convertsShallow(node, (id) => this.#converts.has(id));
  }

  /** True when the wire form differs from the value: a Map or Set somewhere inside. */
  needsEncoding(node: TypeNode): boolean {
    return encodesShallow(node, (id) => this.#encodes.has(id));
  }

  /** True when `undefined` is a valid value of `node`. */
  allowsUndefined(node: TypeNode): boolean {
    return this.#accepts(node, "undefined", new Set());
  }

  /** True when `null` is a valid value of `node`. */
  allowsNull(node: TypeNode): boolean {
    return this.#accepts(node, "null", new Set());
  }

  #accepts(node: TypeNode, kind: "undefined" | "null", seen: Set<string>): boolean {
    switch (node.kind) {
      case "unknown":
        return true;
      case "ref":
        if (seen.has(node.id)) return false;
        seen.add(node.id);
        return this.#accepts(this.named(node.id).type, kind, seen);
      case "union":
        return node.members.some((member) => this.#accepts(member, kind, seen));
      default:
        return node.kind === kind;
    }
  }

  /**
   * The discriminator values of each member of a tagged union, or undefined when some member
   * is not an object whose required discriminator property is a literal (or a union of
   * literals), or when two members share a value.
   */
  discriminatorTags(members: readonly TypeNode[], discriminator: string): Tag[][] | undefined {
    const seen = new Set<Tag>();
    const all: Tag[][] = [];
    for (const member of members) {
      const object = this.resolve(member);
      if (object.kind !== "object") return undefined;
      const property = object.properties.find((p) => p.name === discriminator);
      if (property === undefined || property.optional) return undefined;
      const values: Tag[] = [];
      for (const tag of unionMembers(this.resolve(property.type))) {
        const literal = this.resolve(tag);
        // An enum member is a literal in the IR; a whole (single-member) enum counts too.
        const tags: Tag[] =
          literal.kind === "enum" ? literal.members.map((member) => member.value) : [];
        if (literal.kind === "literal") tags.push(literal.value);
        if (tags.length === 0 || tags.some((value) => seen.has(value))) return undefined;
        for (const value of tags) seen.add(value);
        values.push(...tags);
      }
      all.push(values);
    }
    return all;
  }

  /** How an error message names `node`: `string`, `LatLon`, `"a" | "b"`, `number[]`. */
  describe(node: TypeNode): string {
    switch (node.kind) {
      case "literal":
        return typeof node.value === "string" ? JSON.stringify(node.value) : String(node.value);
      case "date":
        return "Date";
      case "ref":
        return this.named(node.id).id;
      case "array": {
        const element = node.element;
        if (element.kind === "union") return `(${this.describe(element)})[]`;
        return isNamed(element) ? `${this.describe(element)}[]` : "array";
      }
      case "object": {
        // An inline object is named by its keys (`{ a, b }`), so two in one union differ.
        const keys = node.properties.map((property) => property.name);
        if (keys.length === 0 || keys.length > 4) return "object";
        return `{ ${keys.join(", ")} }`;
      }
      case "record":
        return "object";
      case "map":
        return "Map";
      case "set":
        return "Set";
      case "enum":
        return node.members.map((member) => JSON.stringify(member.value)).join(" | ");
      case "union":
        return [...new Set(node.members.map((member) => this.describe(member)))].join(" | ");
      default:
        return node.kind;
    }
  }
}

/** A discriminator value. */
export type Tag = string | number | boolean;

/** The members of a union with nested unions flattened; `[node]` for anything else. */
export function unionMembers(node: TypeNode): TypeNode[] {
  return node.kind === "union" ? node.members.flatMap(unionMembers) : [node];
}

/** Kinds an error message can name in one word. */
function isNamed(node: TypeNode): boolean {
  return !["object", "tuple", "record", "map", "set", "union", "array"].includes(node.kind);
}

type Lookup = (id: string) => boolean;

function convertsShallow(node: TypeNode, has: Lookup): boolean {
  switch (node.kind) {
    case "date":
    case "bigint":
    case "bytes":
    case "map":
    case "set":
      return true;
    case "ref":
      return has(node.id);
    case "union":
      return node.members.some((member) => convertsShallow(member, has));
    default:
      return false;
  }
}

function encodesShallow(node: TypeNode, has: Lookup): boolean {
  switch (node.kind) {
    case "map":
    case "set":
      return true;
    case "ref":
      return has(node.id);
    default:
      return children(node).some((child) => encodesShallow(child, has));
  }
}

/** The type nodes directly inside `node` (refs are not followed). */
export function children(node: TypeNode): readonly TypeNode[] {
  switch (node.kind) {
    case "array":
    case "set":
      return [node.element];
    case "tuple":
      return node.elements.map((element) => element.type);
    case "object": {
      const types = node.properties.map((property) => property.type);
      return node.additional === undefined ? types : [...types, node.additional];
    }
    case "record":
      return [node.value];
    case "union":
      return node.members;
    case "map":
      return [node.key, node.value];
    default:
      return [];
  }
}

/**
 * The named types for which `shallow` holds, following refs to a fixpoint so recursive types
 * are decided correctly (a tree of Dates converts through its own children).
 */
function closure(
  schema: Schema,
  shallow: (node: TypeNode, has: Lookup) => boolean,
): ReadonlySet<string> {
  const found = new Set<string>();
  const has: Lookup = (id) => found.has(id);
  let changed = true;
  while (changed) {
    changed = false;
    for (const [id, type] of Object.entries(schema.types)) {
      if (!found.has(id) && shallow(type.type, has)) {
        found.add(id);
        changed = true;
      }
    }
  }
  return found;
}
