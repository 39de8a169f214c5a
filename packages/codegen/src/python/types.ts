import { TypeFacts, unionMembers } from "../emit/type-facts.js";
import type { Schema, TypeNode } from "../ir/schema.js";
import {
  annotationNames,
  moduleNames,
  NameScope,
  pascalCase,
  snakeCase,
  upperCase,
} from "./naming.js";
import { pyLiteral } from "./printer.js";

/**
 * The Python shape of a schema: a class for each object type (a dataclass) and enum, a type
 * alias for every other named type, and the Python type each IR node is written as.
 */

type ObjectNode = Extract<TypeNode, { kind: "object" }>;
type EnumNode = Extract<TypeNode, { kind: "enum" }>;

/** One field of a dataclass. */
export interface PyField {
  /** The property's name on the wire. */
  readonly wire: string;
  /** The Python attribute: snake_case, made safe. */
  readonly name: string;
  readonly type: TypeNode;
  readonly optional: boolean;
  readonly doc?: string | undefined;
}

/** A dataclass for an object type, named or written inline. */
export interface PyDataclass {
  readonly kind: "dataclass";
  readonly name: string;
  readonly doc?: string | undefined;
  readonly node: ObjectNode;
  /** Set once the module's classes are all named (a field's type may be a later class). */
  fields: readonly PyField[];
  /** The attribute holding the keys an index signature allows, when there is one. */
  extra: string | undefined;
  readonly decoder: string;
  readonly encoder: string;
}

/** An Enum class for an enum type. */
export interface PyEnum {
  readonly kind: "enum";
  readonly name: string;
  readonly doc?: string | undefined;
  readonly members: readonly { readonly name: string; readonly value: string | number }[];
  readonly decoder: string;
}

/** A `TypeAlias` for a named type that is neither an object nor an enum. */
export interface PyAlias {
  readonly kind: "alias";
  readonly name: string;
  readonly doc?: string | undefined;
  readonly node: TypeNode;
  readonly decoder: string;
  readonly encoder: string;
}

export type PyDefinition = PyDataclass | PyEnum | PyAlias;

/** A declared error: an exception class whose `details` is a dataclass. */
export interface PyError {
  /** The wire `type`, the IDL's interface name. */
  readonly wire: string;
  readonly name: string;
  readonly code: string;
  readonly doc?: string | undefined;
  readonly details: PyDataclass;
}

/** Names and definitions for one module. */
export class PyTypes {
  readonly facts: TypeFacts;
  /** Every class and alias, in the order they are written. */
  readonly definitions: PyDefinition[] = [];
  readonly errors: PyError[] = [];
  readonly #named = new Map<string, PyDefinition>();
  readonly #inline = new Map<TypeNode, PyDefinition>();
  readonly #classes = new NameScope(moduleNames);
  /** Module-level functions and constants (`_decode_route`, `_PATTERN_...`). */
  readonly functions = new NameScope(moduleNames);
  readonly #schema: Schema;

  constructor(schema: Schema) {
    this.#schema = schema;
    this.facts = new TypeFacts(schema);
    const ids = Object.keys(schema.types);
    // Named types claim their names first, so an inline object never takes one.
    for (const id of ids) this.#declareNamed(id);
    for (const error of Object.values(schema.errors ?? {})) {
      const name = this.#classes.claim(pascalCase(error.name));
      const details = this.#inlineObject(asObject(error.details), `${name}Details`, name);
      this.errors.push({ wire: error.name, name, code: error.code, doc: error.doc, details });
    }
    for (const id of ids) {
      const definition = this.#named.get(id) as PyDefinition;
      const type = schema.types[id]?.type as TypeNode;
      if (definition.kind === "dataclass") this.#fieldsOf(definition);
      else if (definition.kind === "alias") this.#walk(type, definition.name);
    }
    for (const service of schema.services) {
      for (const method of service.methods) {
        const hint = `${service.name}${pascalCase(method.name)}`;
        for (const param of method.params)
          this.#walk(param.type, `${hint}${pascalCase(param.name)}`);
        this.#walk(method.response, `${hint}Response`);
      }
    }
  }

  /** The class or alias of a named type. */
  named(id: string): PyDefinition {
    const definition = this.#named.get(id);
    if (definition === undefined) throw new Error(`rpcgen python: no type with id ${id}`);
    return definition;
  }

  /** The class generated for an inline object or enum node. */
  inline(node: TypeNode): PyDefinition {
    const definition = this.#inline.get(node);
    if (definition === undefined) throw new Error(`rpcgen python: no class for a ${node.kind}`);
    return definition;
  }

  /** The Python type of `node`, as written in annotations. */
  annotation(node: TypeNode): string {
    switch (node.kind) {
      case "string":
        return "str";
      case "number":
        return node.constraints?.integer === true ? "int" : "float";
      case "boolean":
        return "bool";
      case "bigint":
        return "int";
      case "null":
      case "undefined":
        return "None";
      case "date":
        return "datetime.datetime";
      case "bytes":
        return "bytes";
      case "unknown":
        return "JsonValue";
      case "literal":
        return literalType([node.value]);
      case "array":
        return `list[${this.annotation(node.element)}]`;
      case "set":
        return this.hashable(node.element)
          ? `set[${this.annotation(node.element)}]`
          : `list[${this.annotation(node.element)}]`;
      case "map": {
        const pair = `${this.annotation(node.key)}, ${this.annotation(node.value)}`;
        return this.hashable(node.key) ? `dict[${pair}]` : `list[tuple[${pair}]]`;
      }
      case "record":
        return `dict[str, ${this.annotation(node.value)}]`;
      case "tuple":
        return this.#tupleType(node.elements);
      case "object":
      case "enum":
        return this.inline(node).name;
      case "ref":
        return this.named(node.id).name;
      case "union":
        return this.#unionType(node.members);
    }
  }

  /** `T | None` for an optional field or parameter. */
  optionalAnnotation(node: TypeNode): string {
    const type = this.annotation(node);
    return type.split(" | ").includes("None") ? type : `${type} | None`;
  }

  /** True when values of `node` can be dict keys or set members (Map and Set become dict, set). */
  hashable(node: TypeNode, seen = new Set<string>()): boolean {
    switch (node.kind) {
      case "array":
      case "object":
      case "record":
      case "map":
      case "set":
      case "unknown":
        return false;
      case "tuple":
        return node.elements.every((element) => this.hashable(element.type, seen));
      case "union":
        return node.members.every((member) => this.hashable(member, seen));
      case "ref": {
        if (seen.has(node.id)) return false;
        seen.add(node.id);
        return this.hashable(this.facts.named(node.id).type, seen);
      }
      default:
        return true;
    }
  }

  #tupleType(elements: Extract<TypeNode, { kind: "tuple" }>["elements"]): string {
    if (elements.some((element) => element.rest)) {
      const all = { kind: "union", members: elements.map((element) => element.type) } as const;
      return `tuple[${this.annotation(all)}, ...]`;
    }
    const types = elements.map((element) => this.annotation(element.type));
    const required = elements.filter((element) => !element.optional).length;
    const forms: string[] = [];
    for (let n = required; n <= types.length; n++) {
      forms.push(n === 0 ? "tuple[()]" : `tuple[${types.slice(0, n).join(", ")}]`);
    }
    return forms.join(" | ");
  }

  #unionType(members: readonly TypeNode[]): string {
    if (members.length === 0) return "NoReturn";
    const parts: string[] = [];
    const literals: (string | number | boolean)[] = [];
    const flush = () => {
      if (literals.length > 0) parts.push(literalType(literals.splice(0)));
    };
    for (const member of unionMembers({ kind: "union", members })) {
      if (member.kind === "literal") {
        literals.push(member.value);
        continue;
      }
      flush();
      parts.push(...this.annotation(member).split(" | "));
    }
    flush();
    return [...new Set(parts)].join(" | ");
  }

  #declareNamed(id: string): void {
    const named = this.facts.named(id);
    // The id, so that `Page<Route>` is `PageRoute` and `Page<User>` `PageUser`.
    const name = this.#classes.claim(pascalCase(named.id));
    const fn = snakeCase(name);
    const { type } = named;
    let definition: PyDefinition;
    if (type.kind === "object") {
      definition = this.#dataclass(type, name, named.doc);
      this.#inline.set(type, definition);
    } else if (type.kind === "enum") {
      definition = this.#enum(type, name, named.doc);
      this.#inline.set(type, definition);
    } else {
      const decoder = this.functions.claim(`_decode_${fn}`);
      const encoder = this.functions.claim(`_encode_${fn}`);
      definition = { kind: "alias", name, doc: named.doc, node: type, decoder, encoder };
    }
    this.#named.set(id, definition);
    this.definitions.push(definition);
  }

  #dataclass(node: ObjectNode, name: string, doc: string | undefined): PyDataclass {
    const fn = snakeCase(name);
    return {
      kind: "dataclass",
      name,
      doc,
      node,
      fields: [],
      extra: undefined,
      decoder: this.functions.claim(`_decode_${fn}`),
      encoder: this.functions.claim(`_encode_${fn}`),
    };
  }

  #enum(node: EnumNode, name: string, doc: string | undefined): PyEnum {
    const scope = new NameScope(new Set(["NAME", "VALUE"]));
    const members = node.members.map((member) => ({
      name: scope.claim(upperCase(member.name)),
      value: member.value,
    }));
    const decoder = this.functions.claim(`_decode_${snakeCase(name)}`);
    return { kind: "enum", name, doc, members, decoder };
  }

  /** Names the fields of a dataclass and the classes of inline types inside them. */
  #fieldsOf(definition: PyDataclass, owner = definition.name): void {
    const scope = new NameScope(new Set([...annotationNames, ...this.#classNames()]));
    const fields = definition.node.properties.map((property) => ({
      wire: property.name,
      name: scope.claim(snakeCase(property.name)),
      type: property.type,
      optional: property.optional,
      doc: property.doc,
    }));
    definition.fields = fields;
    if (definition.node.additional !== undefined) {
      definition.extra = scope.claim("extra");
      this.#walk(definition.node.additional, `${owner}Extra`);
    }
    for (const property of definition.node.properties) {
      this.#walk(property.type, `${owner}${pascalCase(property.name)}`);
    }
  }

  #classNames(): string[] {
    return this.definitions.map((definition) => definition.name);
  }

  #inlineObject(node: ObjectNode, name: string, owner: string): PyDataclass {
    const known = this.#inline.get(node);
    if (known?.kind === "dataclass") return known;
    const definition = this.#dataclass(node, this.#classes.claim(name), undefined);
    this.#inline.set(node, definition);
    this.definitions.push(definition);
    this.#fieldsOf(definition, owner);
    return definition;
  }

  /** Gives each inline object and enum inside `node` a class named from `hint`. */
  #walk(node: TypeNode, hint: string): void {
    switch (node.kind) {
      case "object":
        this.#inlineObject(node, hint, hint);
        return;
      case "enum": {
        if (this.#inline.has(node)) return;
        const definition = this.#enum(node, this.#classes.claim(hint), undefined);
        this.#inline.set(node, definition);
        this.definitions.push(definition);
        return;
      }
      case "array":
      case "set":
        this.#walk(node.element, `${hint}Item`);
        return;
      case "tuple":
        for (const [i, element] of node.elements.entries()) this.#walk(element.type, `${hint}${i}`);
        return;
      case "record":
        this.#walk(node.value, `${hint}Value`);
        return;
      case "map":
        this.#walk(node.key, `${hint}Key`);
        this.#walk(node.value, `${hint}Value`);
        return;
      case "union":
        for (const [i, member] of node.members.entries()) {
          this.#walk(member, `${hint}${this.#memberHint(node, member, i)}`);
        }
        return;
      default:
        return;
    }
  }

  /** `Assigned` for the member of a union tagged `kind: "assigned"`, else its position. */
  #memberHint(node: Extract<TypeNode, { kind: "union" }>, member: TypeNode, i: number): string {
    if (node.discriminator !== undefined && member.kind === "object") {
      const tag = member.properties.find((property) => property.name === node.discriminator);
      if (tag?.type.kind === "literal") return pascalCase(String(tag.type.value));
    }
    return String(i + 1);
  }

  /** The schema this model was made from. */
  get schema(): Schema {
    return this.#schema;
  }
}

/** `Literal["a", 1]`; a float literal has no Literal form and is written `float`. */
function literalType(values: readonly (string | number | boolean)[]): string {
  const exact = values.filter((value) => typeof value !== "number" || Number.isInteger(value));
  const parts: string[] = [];
  if (exact.length > 0) parts.push(`Literal[${exact.map(pyLiteral).join(", ")}]`);
  if (exact.length < values.length) parts.push("float");
  return parts.join(" | ");
}

function asObject(node: TypeNode): ObjectNode {
  return node.kind === "object" ? node : { kind: "object", properties: [] };
}
