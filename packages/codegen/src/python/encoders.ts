import { unionMembers } from "../emit/type-facts.js";
import type { TypeNode } from "../ir/schema.js";
import { snakeCase } from "./naming.js";
import { maxWidth, PyPrinter, pyString } from "./printer.js";
import type { PyAlias, PyDataclass, PyDefinition, PyTypes } from "./types.js";

/**
 * Request encoders: Python values to their JSON form (docs/http.md): a dataclass becomes an
 * object keyed by wire names, an Enum its value, a datetime an ISO string, bytes base64, a
 * bigint a decimal string, a set or a dict-backed Map a list. Requests are not checked here:
 * the server checks them and names the field it refuses.
 */
export class PyEncoders {
  readonly #types: PyTypes;
  readonly #out = new PyPrinter();
  readonly #lifted = new Map<TypeNode, string>();
  readonly #needs = new Map<string, boolean>();

  constructor(types: PyTypes) {
    this.#types = types;
  }

  /** The encoders the clients use, and those they use in turn. */
  print(): string {
    for (let i = 0; i < this.#queue.length; i++) {
      const definition = this.#queue[i] as PyDataclass | PyAlias;
      if (definition.kind === "dataclass") this.#dataclass(definition);
      else {
        const expr = this.expr(definition.node, "value", `${definition.name}_value`, 0);
        this.#function(definition.encoder, definition.name, [`return ${expr ?? "value"}`]);
      }
    }
    return this.#out.toString();
  }

  /** Definitions whose encoder is used, in the order first used. */
  readonly #queue: (PyDataclass | PyAlias)[] = [];

  #encoderOf(definition: PyDataclass | PyAlias): string {
    if (!this.#queue.includes(definition)) this.#queue.push(definition);
    return definition.encoder;
  }

  /** True when the JSON form of `node` differs from the Python value. */
  needs(node: TypeNode): boolean {
    switch (node.kind) {
      case "bigint":
      case "date":
      case "bytes":
      case "enum":
      case "object":
      case "map":
      case "set":
        return true;
      case "array":
        return this.needs(node.element);
      case "tuple":
        return node.elements.some((element) => this.needs(element.type));
      case "record":
        return this.needs(node.value);
      case "union":
        return node.members.some((member) => this.needs(member));
      case "ref":
        return this.#needsNamed(node.id);
      default:
        return false;
    }
  }

  #needsNamed(id: string): boolean {
    const known = this.#needs.get(id);
    if (known !== undefined) return known;
    // A recursive alias that reaches nothing to encode encodes as itself.
    this.#needs.set(id, false);
    const result = this.needs(this.#types.facts.named(id).type);
    this.#needs.set(id, result);
    return result;
  }

  /** The expression encoding `read` (of type `node`), or undefined when it is its own JSON. */
  expr(node: TypeNode, read: string, hint: string, depth: number): string | undefined {
    if (!this.needs(node)) return undefined;
    const types = this.#types;
    const item = depth === 0 ? "item" : `item${depth + 1}`;
    const sub = (child: TypeNode, what: string, suffix: string) =>
      this.expr(child, what, `${hint}_${suffix}`, depth + 1) ?? what;
    switch (node.kind) {
      case "bigint":
        return `str(${read})`;
      case "date":
        return `_encode_date(${read})`;
      case "bytes":
        return `_encode_bytes(${read})`;
      case "enum":
        return `${read}.value`;
      case "object":
        return `${this.#encoderOf(types.inline(node) as PyDataclass)}(${read})`;
      case "ref":
        return this.#named(types.named(node.id), read);
      case "array":
      case "set":
        return `[${sub(node.element, item, "item")} for ${item} in ${read}]`;
      case "record":
        return `{key: ${sub(node.value, item, "value")} for key, ${item} in ${read}.items()}`;
      case "map": {
        const key = depth === 0 ? "key" : `key${depth + 1}`;
        const pairs = types.hashable(node.key) ? `${read}.items()` : read;
        const pair = `[${sub(node.key, key, "key")}, ${sub(node.value, item, "value")}]`;
        return `[${pair} for ${key}, ${item} in ${pairs}]`;
      }
      case "tuple":
      case "union":
        return `${this.#lift(node, hint)}(${read})`;
      default:
        return undefined;
    }
  }

  #named(definition: PyDefinition, read: string): string {
    if (definition.kind === "enum") return `${read}.value`;
    return `${this.#encoderOf(definition)}(${read})`;
  }

  #lift(node: Extract<TypeNode, { kind: "tuple" | "union" }>, hint: string): string {
    const known = this.#lifted.get(node);
    if (known !== undefined) return known;
    const name = this.#types.functions.claim(`_encode_${snakeCase(hint)}`);
    this.#lifted.set(node, name);
    const body = node.kind === "tuple" ? this.#tuple(node, hint) : this.#union(node, hint);
    this.#function(name, this.#types.annotation(node), body);
    return name;
  }

  #tuple(node: Extract<TypeNode, { kind: "tuple" }>, hint: string): string[] {
    const fixed = node.elements.every((element) => !element.optional && !element.rest);
    if (fixed) {
      const items = node.elements.map(
        (element, i) => this.expr(element.type, `value[${i}]`, `${hint}_${i}`, 1) ?? `value[${i}]`,
      );
      return [`return [${items.join(", ")}]`];
    }
    // Optional and rest elements: each element is encoded as whichever element type it is.
    const all: TypeNode = { kind: "union", members: node.elements.map((element) => element.type) };
    return [`return [${this.expr(all, "item", `${hint}_item`, 1) ?? "item"} for item in value]`];
  }

  /** Tells the members apart by their Python class, in the order written. */
  #union(node: Extract<TypeNode, { kind: "union" }>, hint: string): string[] {
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const [i, member] of this.#flatten(node).entries()) {
      const test = this.#instanceTest(member);
      if (test === undefined || seen.has(test) || !this.needs(member)) continue;
      seen.add(test);
      const expr = this.expr(member, "value", `${hint}_${i + 1}`, 0) ?? "value";
      lines.push(`if ${test}:`, `    return ${expr}`);
    }
    return [...lines, "return value"];
  }

  /** Union members with aliases of unions followed, so each can be told apart by class. */
  #flatten(node: TypeNode, seen = new Set<string>()): TypeNode[] {
    return unionMembers(node).flatMap((member) => {
      if (member.kind !== "ref" || seen.has(member.id)) return [member];
      const definition = this.#types.named(member.id);
      if (definition.kind !== "alias" || definition.node.kind !== "union") return [member];
      seen.add(member.id);
      return this.#flatten(definition.node, seen);
    });
  }

  #instanceTest(member: TypeNode): string | undefined {
    const types = this.#types;
    switch (member.kind) {
      case "date":
        return "isinstance(value, datetime.datetime)";
      case "bytes":
        return "isinstance(value, bytes)";
      case "bigint":
        return "isinstance(value, int) and not isinstance(value, bool)";
      case "object":
      case "enum":
        return `isinstance(value, ${types.inline(member).name})`;
      case "array":
        return "isinstance(value, list)";
      case "tuple":
        return "isinstance(value, tuple)";
      case "set":
        return types.hashable(member.element)
          ? "isinstance(value, set)"
          : "isinstance(value, list)";
      case "record":
        return "isinstance(value, dict)";
      case "map":
        return types.hashable(member.key) ? "isinstance(value, dict)" : "isinstance(value, list)";
      case "ref": {
        const definition = types.named(member.id);
        if (definition.kind !== "alias") return `isinstance(value, ${definition.name})`;
        return this.#instanceTest(definition.node);
      }
      default:
        return undefined;
    }
  }

  #dataclass(definition: PyDataclass): void {
    const required = definition.fields.filter((field) => !field.optional);
    const entries = required.map((field) => {
      const read = `value.${field.name}`;
      const hint = `${definition.name}_${field.wire}`;
      return `${pyString(field.wire)}: ${this.expr(field.type, read, hint, 0) ?? read}`;
    });
    const lines: string[] = [];
    const optional = definition.fields.filter((field) => field.optional);
    const extra = definition.extra !== undefined && definition.node.additional !== undefined;
    const direct = optional.length === 0 && !extra;
    const open = direct ? "return " : "result: dict[str, object] = ";
    const flat = `${open}{${entries.join(", ")}}`;
    if (flat.length + 8 <= maxWidth || entries.length === 0) lines.push(flat);
    else lines.push(`${open}{`, ...entries.map((entry) => `    ${entry},`), "}");
    if (direct) {
      this.#function(definition.encoder, definition.name, lines, "dict[str, object]");
      return;
    }
    for (const field of optional) {
      const read = `value.${field.name}`;
      const expr = this.expr(field.type, read, `${definition.name}_${field.wire}`, 0) ?? read;
      lines.push(`if ${read} is not None:`, `    result[${pyString(field.wire)}] = ${expr}`);
    }
    if (extra && definition.extra !== undefined && definition.node.additional !== undefined) {
      const hint = `${definition.name}_extra`;
      const expr = this.expr(definition.node.additional, "item", hint, 1) ?? "item";
      const known = definition.fields.map((field) => pyString(field.wire));
      const skip =
        known.length === 0
          ? ""
          : ` if key not in (${known.join(", ")}${known.length === 1 ? "," : ""})`;
      lines.push(
        `result.update({key: ${expr} for key, item in value.${definition.extra}.items()${skip}})`,
      );
    }
    lines.push("return result");
    this.#function(definition.encoder, definition.name, lines, "dict[str, object]");
  }

  #function(name: string, type: string, body: readonly string[], returns = "object"): void {
    const out = this.#out;
    out.gap();
    out.block(`def ${name}(value: ${type}) -> ${returns}`, () => out.lines(body));
  }
}
