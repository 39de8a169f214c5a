import { formatPatterns, regexLiteral } from "../emit/checks.js";
import { unionMembers } from "../emit/type-facts.js";
import type { NumberConstraints, StringConstraints, TypeNode } from "../ir/schema.js";
import { quoted, unionBody } from "./decode-unions.js";
import { snakeCase } from "./naming.js";
import { maxWidth, PyPrinter, pyCall, pyLiteral, pyString, wrapCall } from "./printer.js";
import { pythonPattern } from "./regex.js";
import type { PyDataclass, PyDefinition, PyTypes } from "./types.js";

/**
 * The checks run on responses, as Python functions `_decode_x(value, path) -> X`: the same
 * rules and messages as the TypeScript decoders (`response.path[2].lat: expected number, got
 * string`), building dataclasses, enums, datetimes and bytes as they go.
 */
export class PyDecoders {
  readonly types: PyTypes;
  /** Lifted functions and constants, printed after the named types' decoders. */
  readonly #extra = new PyPrinter();
  readonly #out = new PyPrinter();
  readonly #lifted = new Map<TypeNode, string>();

  constructor(types: PyTypes) {
    this.types = types;
  }

  /** The decoders the clients and declared errors use, and those they use in turn. */
  print(): string {
    for (const error of this.types.errors) this.ref(error.details.node, error.details.name);
    for (let i = 0; i < this.#queue.length; i++) {
      const definition = this.#queue[i] as PyDefinition;
      if (definition.kind === "dataclass") this.#dataclass(definition);
      else if (definition.kind === "enum") {
        this.#function(definition.decoder, definition.name, [
          `return _enum(value, path, ${definition.name})`,
        ]);
      } else {
        const body = this.#body(definition.node, definition.name, definition.name);
        this.#function(definition.decoder, definition.name, body);
      }
    }
    const rest = this.#extra.toString().trim();
    return rest === "" ? this.#out.toString() : `${this.#out.toString()}\n\n${rest}\n`;
  }

  /** Definitions whose decoder is used, in the order first used. */
  readonly #queue: PyDefinition[] = [];
  readonly #queued = new Set<PyDefinition>();

  #decoderOf(definition: PyDefinition): string {
    if (!this.#queued.has(definition)) {
      this.#queued.add(definition);
      this.#queue.push(definition);
    }
    return definition.decoder;
  }

  /**
   * A callable `(value, path) -> T` decoding `node`: a runtime helper, a named type's decoder,
   * or a function lifted for it and named after `hint`.
   */
  ref(node: TypeNode, hint: string): string {
    const types = this.types;
    switch (node.kind) {
      case "string":
        if (node.constraints === undefined) return "_str";
        break;
      case "number":
        if (node.constraints === undefined) return "_number";
        break;
      case "boolean":
        return "_bool";
      case "null":
        return "_null";
      case "undefined":
        return "_undefined";
      case "unknown":
        return "_unknown";
      case "bigint":
        return "_bigint";
      case "date":
        return "_date";
      case "bytes":
        return "_bytes";
      case "ref":
        return this.#decoderOf(types.named(node.id));
      case "object":
      case "enum":
        return this.#decoderOf(types.inline(node));
      case "union":
        if (node.members.length === 0) return "_never";
        break;
      default:
        break;
    }
    const known = this.#lifted.get(node);
    if (known !== undefined) return known;
    const name = types.functions.claim(`_decode_${snakeCase(hint)}`);
    this.#lifted.set(node, name);
    const type = types.annotation(node);
    this.#function(name, type, this.#body(node, hint, type), this.#extra);
    return name;
  }

  #function(name: string, returns: string, body: readonly string[], out = this.#out): void {
    out.gap();
    const header = `def ${name}(value: object, path: str) -> ${returns}:`;
    if (header.length <= maxWidth) out.line(header);
    else out.lines([`def ${name}(`, "    value: object, path: str", `) -> ${returns}:`]);
    // Statements that came out too long are wrapped at their call's arguments.
    out.indent(() => {
      for (const line of body) {
        const indent = /^ */.exec(line)?.[0] ?? "";
        const wrapped = wrapCall(line.trimStart(), 1 + indent.length / 4);
        out.lines(wrapped.map((part) => `${indent}${part}`));
      }
    });
  }

  /**
   * The statements of a decoder function for `node` (parameters `value` and `path`) returning
   * `type`, the Python type of `node` or the alias naming it.
   */
  #body(node: TypeNode, hint: string, type: string): string[] {
    switch (node.kind) {
      case "string":
        return [`return ${this.stringCheck(node.constraints, "_str(value, path)", hint)}`];
      case "number":
        return [`return ${numberCheck(node.constraints, "_number(value, path)")}`];
      case "array":
        return [`return _array(value, path, ${this.ref(node.element, `${hint}_item`)})`];
      case "set": {
        const item = this.ref(node.element, `${hint}_item`);
        const helper = this.types.hashable(node.element) ? "_set" : "_members";
        return [`return ${helper}(value, path, ${item})`];
      }
      case "map": {
        const key = this.ref(node.key, `${hint}_key`);
        const item = this.ref(node.value, `${hint}_value`);
        const helper = this.types.hashable(node.key) ? "_map" : "_pairs";
        return [`return ${helper}(value, path, ${key}, ${item})`];
      }
      case "record": {
        const item = this.ref(node.value, `${hint}_value`);
        const numeric = node.key === "number" ? ", numeric=True" : "";
        return [`return _record(value, path, ${item}${numeric})`];
      }
      case "tuple":
        return this.#tuple(node, hint, type);
      case "literal":
      case "union":
        return unionBody(
          this,
          node.kind === "literal" ? [node] : unionMembers(node),
          hint,
          node,
          type,
        );
      default:
        return [`return ${this.ref(node, hint)}(value, path)`];
    }
  }

  #dataclass(definition: PyDataclass): void {
    const args = definition.fields.map((field) => {
      const decode = this.ref(field.type, `${definition.name}_${field.wire}`);
      const helper = field.optional ? "_opt" : "_prop";
      return `${field.name}=${helper}(obj, path, ${pyString(field.wire)}, ${decode})`;
    });
    const { extra, node } = definition;
    if (extra !== undefined && node.additional !== undefined) {
      const known = node.properties.map((property) => pyString(property.name));
      const keys = known.length === 1 ? `(${known[0]},)` : `(${known.join(", ")})`;
      const decode = this.ref(node.additional, `${definition.name}_extra`);
      args.push(`${extra}=_extra(obj, path, ${keys}, ${decode})`);
    }
    const body = ["obj = _object(value, path)", ...pyCall(definition.name, args, "return ", 1)];
    if (args.length === 0) body.splice(0, 2, "_object(value, path)", `return ${definition.name}()`);
    this.#function(definition.decoder, definition.name, body);
  }

  #tuple(node: Extract<TypeNode, { kind: "tuple" }>, hint: string, type: string): string[] {
    const { elements } = node;
    const restAt = elements.findIndex((element) => element.rest);
    const head = restAt < 0 ? elements : elements.slice(0, restAt);
    const rest = restAt < 0 ? undefined : elements[restAt];
    const tail = restAt < 0 ? [] : elements.slice(restAt + 1);
    const least = head.filter((element) => !element.optional).length + tail.length;
    const most = rest === undefined ? String(head.length) : "None";
    const lines = [`items = _length(value, path, ${least}, ${most})`];
    const decode = (type: TypeNode, index: string, i: string) =>
      `${this.ref(type, `${hint}_${i}`)}(items[${index}], f"{path}[{${index}}]")`;
    if (rest === undefined && head.every((element) => !element.optional)) {
      const items = head.map((element, i) => decode(element.type, String(i), String(i)));
      const tuple = items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
      return [...lines, `return ${tuple}`];
    }
    lines.push("result: list[object] = []");
    head.forEach((element, i) => {
      const push = `result.append(${decode(element.type, String(i), String(i))})`;
      lines.push(element.optional ? `if len(items) > ${i}:` : push);
      if (element.optional) lines.push(`    ${push}`);
    });
    if (rest !== undefined) {
      const end = tail.length === 0 ? "len(items)" : `len(items) - ${tail.length}`;
      lines.push(`for i in range(${head.length}, ${end}):`);
      lines.push(`    result.append(${decode(rest.type, "i", "rest")})`);
    }
    tail.forEach((element, j) => {
      const index = `len(items) - ${tail.length - j}`;
      lines.push(`result.append(${decode(element.type, index, String(head.length + 1 + j))})`);
    });
    return [...lines, `return cast(${quoted(type)}, tuple(result))`];
  }

  /** The constraint checks of one member of a simple union. */
  /** (For union bodies.) */
  constraints(member: TypeNode, hint: string, guarded: boolean): string[] {
    if (member.kind === "string" && member.constraints !== undefined) {
      const check = this.stringCheck(member.constraints, "value", hint);
      return guarded ? ["if isinstance(value, str):", `    ${check}`] : [check];
    }
    if (member.kind === "number" && member.constraints !== undefined) {
      const check = numberCheck(member.constraints, "value");
      return guarded ? ["if _is_number(value):", `    ${check}`] : [check];
    }
    return [];
  }

  /** `_check_string(read, path, ...)`, or `read` when there is nothing to check. */
  stringCheck(c: StringConstraints | undefined, read: string, hint: string): string {
    if (c === undefined) return read;
    const args = [read, "path"];
    if (c.minLength !== undefined) args.push(`min_length=${c.minLength}`);
    if (c.maxLength !== undefined) args.push(`max_length=${c.maxLength}`);
    if (c.pattern !== undefined) {
      const name = this.#constant(`_PATTERN_${hint}`, `re.compile(${pythonPattern(c.pattern)})`);
      args.push(`pattern=(${name}, ${pyString(`a string matching ${regexLiteral(c.pattern)}`)})`);
    }
    if (c.format !== undefined) {
      const name = this.#constant(`_FORMAT_${c.format}`, formatRegex(c.format));
      args.push(`format=(${name}, ${pyString(formatNames[c.format])})`);
    }
    return `_check_string(${args.join(", ")})`;
  }

  readonly #constants = new Map<string, string>();

  /** Adds module-level lines (a constant) to those printed after the decoders. */
  lift(lines: readonly string[]): void {
    this.#extra.gap();
    this.#extra.lines(lines);
  }

  #constant(base: string, initializer: string): string {
    const known = this.#constants.get(initializer);
    if (known !== undefined) return known;
    const name = this.types.functions.claim(snakeCase(base).toUpperCase().replace(/^/, "_"));
    this.#constants.set(initializer, name);
    this.#extra.gap();
    this.#extra.line(`${name} = ${initializer}`);
    return name;
  }
}

/** `_check_number(read, path, ...)` (made an int for `@integer`), or `read` alone. */
export function numberCheck(c: NumberConstraints | undefined, read: string): string {
  if (c === undefined) return read;
  const args = [read, "path"];
  if (c.integer === true) args.push("integer=True");
  if (c.minimum !== undefined) args.push(`minimum=${pyLiteral(c.minimum)}`);
  if (c.maximum !== undefined) args.push(`maximum=${pyLiteral(c.maximum)}`);
  const check = `_check_number(${args.join(", ")})`;
  return c.integer === true ? `int(${check})` : check;
}

const formatNames: Record<NonNullable<StringConstraints["format"]>, string> = {
  email: "an email address",
  uuid: "a UUID",
  uri: "a URI",
  "date-time": "an RFC 3339 date-time",
};

/** The `@format` expressions of the TypeScript decoders, compiled for Python's `re`. */
function formatRegex(format: NonNullable<StringConstraints["format"]>): string {
  const literal = formatPatterns[format];
  const end = literal.lastIndexOf("/");
  const source = literal.slice(1, end);
  const flags = literal.slice(end + 1).includes("i") ? ", re.IGNORECASE" : "";
  return `re.compile(${pythonPattern(source)}${flags})`;
}
