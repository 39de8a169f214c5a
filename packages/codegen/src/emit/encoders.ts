import type { Property, TupleElement, TypeNode } from "../ir/schema.js";
import { literalCode } from "./checks.js";
import type { EmitContext, PendingFunction } from "./context.js";
import { capitalize, type LocalScope, ownPropertyRead, propertyAccess, sanitize } from "./names.js";
import { CodePrinter, stringLiteral } from "./printer.js";
import { unionMembers } from "./type-facts.js";

/**
 * Encoders turn a message into its wire form: Maps become arrays of `[key, value]` pairs and
 * Sets become arrays. Only types holding a Map or Set get one. An encoder never changes its
 * argument: it copies each object or array on the way to a Map or Set, and shares the rest.
 * Each conversion is guarded by a shape test, so an encoder given another union member's value
 * passes it through.
 */
export class EncoderWriter {
  /** Module-level constants the function uses, printed before it. */
  readonly constants: string[] = [];
  /** Helper functions split off this one (inline objects, tuples, unions), printed after it. */
  readonly lifted: PendingFunction[] = [];
  readonly ctx: EmitContext;
  readonly out = new CodePrinter();
  scope: LocalScope;

  constructor(ctx: EmitContext, scope: LocalScope) {
    this.ctx = ctx;
    this.scope = scope;
  }

  /** The wire form of `read` (read more than once), or undefined when it needs no change. */
  expr(node: TypeNode, read: string, hint: string): string | undefined {
    if (!this.ctx.facts.needsEncoding(node)) return undefined;
    switch (node.kind) {
      case "ref":
        return `${this.ctx.encoderOf(node.id)}(${read})`;
      case "map":
      case "set":
      case "array":
        return `${shapeTest(node.kind, read)} ? ${this.convert(node, read, hint)} : ${read}`;
      default: {
        const name = this.ctx.names.module(`encode${capitalize(sanitize(hint))}`);
        this.lifted.push({ name, print: (out) => printEncoder(this.ctx, out, name, node, hint) });
        return `${name}(${read})`;
      }
    }
  }

  /** A statement storing the wire form of `read` into `write`, or nothing when none is needed. */
  store(node: TypeNode, read: string, write: string, hint: string, optional: boolean): void {
    if (!this.ctx.facts.needsEncoding(node)) return;
    if (node.kind === "map" || node.kind === "set" || node.kind === "array") {
      const converted = this.convert(node, read, hint);
      this.out.line(`if (${shapeTest(node.kind, read)}) ${write} = ${converted};`);
      return;
    }
    const expr = this.expr(node, read, hint);
    this.out.line(`${optional ? `if (${read} !== undefined) ` : ""}${write} = ${expr};`);
  }

  /** The conversion of a value already known to be a Map, Set or array. */
  convert(
    node: Extract<TypeNode, { kind: "map" | "set" | "array" }>,
    read: string,
    hint: string,
  ): string {
    const saved = this.scope;
    this.scope = saved.child();
    try {
      if (node.kind === "map") {
        const key = this.scope.local("key");
        const item = this.scope.local("item");
        const keyExpr = this.expr(node.key, key, `${hint}_key`);
        const valueExpr = this.expr(node.value, item, `${hint}_value`);
        if (keyExpr === undefined && valueExpr === undefined) return `Array.from(${read})`;
        return `Array.from(${read}, ([${key}, ${item}]) => [${keyExpr ?? key}, ${valueExpr ?? item}])`;
      }
      const item = this.scope.local("item");
      const itemExpr = this.expr(node.element, item, `${hint}_item`);
      if (node.kind === "array") return `${read}.map((${item}) => ${itemExpr})`;
      return itemExpr === undefined
        ? `Array.from(${read})`
        : `Array.from(${read}, (${item}) => ${itemExpr})`;
    } finally {
      this.scope = saved;
    }
  }

  /** Body of an object encoder: a shallow copy with the properties that hold Maps or Sets converted. */
  object(properties: readonly Property[], additional: TypeNode | undefined, hint: string): void {
    const { ctx, out } = this;
    out.line(`if (!${ctx.rt("isPlainObject")}(value)) return value;`);
    const copy = this.scope.local("copy");
    out.line(`const ${copy} = { ...value };`);
    for (const property of properties) {
      if (!ctx.facts.needsEncoding(property.type)) continue;
      const write = propertyAccess(copy, property.name);
      const own = ownPropertyRead(copy, property.name);
      let read = write;
      if (own !== write) {
        read = this.scope.local(property.name);
        out.line(`const ${read} = ${own};`);
      }
      this.store(property.type, read, write, `${hint}_${property.name}`, property.optional);
    }
    if (additional !== undefined && ctx.facts.needsEncoding(additional)) {
      const key = this.scope.local("key");
      const item = this.scope.local("item");
      out.block(`for (const ${key} in ${copy})`, () => {
        if (properties.length > 0) {
          const names = properties.map((property) => stringLiteral(property.name)).join(", ");
          const known = ctx.names.module(sanitize(`KNOWN_${hint}`));
          this.constants.push(`const ${known} = new Set([${names}]);`);
          out.line(`if (${known}.has(${key})) continue;`);
        }
        out.line(`const ${item} = ${copy}[${key}];`);
        this.store(additional, item, `${copy}[${key}]`, `${hint}_value`, false);
      });
    }
    out.line(`return ${copy};`);
  }

  /** Body of a tuple encoder: a mapped copy converting the elements that need it. */
  tuple(elements: readonly TupleElement[], hint: string): void {
    const { out } = this;
    out.line("if (!Array.isArray(value)) return value;");
    const item = this.scope.local("item");
    const index = this.scope.local("index");
    const restAt = elements.findIndex((element) => element.rest);
    const head = restAt < 0 ? elements : elements.slice(0, restAt);
    const tail = restAt < 0 ? [] : elements.slice(restAt + 1);
    out.block(
      `return value.map((${item}, ${index}) =>`,
      () => {
        head.forEach((element, k) => {
          const expr = this.expr(element.type, item, `${hint}_${k}`);
          if (expr !== undefined) out.line(`if (${index} === ${k}) return ${expr};`);
        });
        tail.forEach((element, j) => {
          const expr = this.expr(element.type, item, `${hint}_${head.length + 1 + j}`);
          const at = `value.length - ${tail.length - j}`;
          if (expr !== undefined) out.line(`if (${index} === ${at}) return ${expr};`);
        });
        const rest = restAt < 0 ? undefined : elements[restAt];
        const restExpr =
          rest === undefined ? undefined : this.expr(rest.type, item, `${hint}_rest`);
        if (restExpr !== undefined) {
          const end = tail.length === 0 ? "" : ` && ${index} < value.length - ${tail.length}`;
          out.line(`if (${index} >= ${head.length}${end}) return ${restExpr};`);
        }
        out.line(`return ${item};`);
      },
      "});",
    );
  }

  /** Body of a union encoder: by discriminator, else each member's conversion by shape. */
  union(node: Extract<TypeNode, { kind: "union" }>, hint: string): void {
    const { ctx, out } = this;
    const members = unionMembers(node).filter((member) => ctx.facts.needsEncoding(member));
    const tagged =
      node.discriminator === undefined
        ? undefined
        : ctx.facts.discriminatorTags(members, node.discriminator);
    if (node.discriminator !== undefined && tagged !== undefined) {
      out.line(`if (!${ctx.rt("isPlainObject")}(value)) return value;`);
      out.block(`switch (${ownPropertyRead("value", node.discriminator)})`, () => {
        members.forEach((member, i) => {
          out.lines((tagged[i] ?? []).map((tag) => `case ${literalCode(tag)}:`));
          out.indent(() => out.line(`return ${this.expr(member, "value", `${hint}_${i}`)};`));
        });
        out.line("default:");
        out.indent(() => out.line("return value;"));
      });
      return;
    }
    const chained: TypeNode[] = [];
    for (const member of members) {
      if (member.kind === "map" || member.kind === "set") {
        const converted = this.convert(member, "value", hint);
        out.line(`if (${shapeTest(member.kind, "value")}) return ${converted};`);
      } else {
        chained.push(member);
      }
    }
    const [only] = chained;
    if (chained.length === 1 && only !== undefined) {
      out.line(`return ${this.expr(only, "value", hint)};`);
      return;
    }
    if (chained.length === 0) {
      out.line("return value;");
      return;
    }
    const result = this.scope.local("wire");
    out.line(`let ${result}: unknown = value;`);
    for (const [i, member] of chained.entries()) {
      out.line(`${result} = ${this.expr(member, result, `${hint}_${i}`)};`);
    }
    out.line(`return ${result};`);
  }
}

function shapeTest(kind: "map" | "set" | "array", read: string): string {
  if (kind === "array") return `Array.isArray(${read})`;
  return `${read} instanceof ${kind === "map" ? "Map" : "Set"}`;
}

/**
 * Prints an encoder function `name(value)` for `node`, preceded by its constants; returns the
 * helpers it split off, to be printed after it.
 */
export function printEncoder(
  ctx: EmitContext,
  out: CodePrinter,
  name: string,
  node: TypeNode,
  hint: string,
  doc?: string,
): PendingFunction[] {
  const writer = new EncoderWriter(ctx, ctx.names.scope());
  switch (node.kind) {
    case "object":
      writer.object(node.properties, node.additional, hint);
      break;
    case "record":
      writer.object([], node.value, hint);
      break;
    case "tuple":
      writer.tuple(node.elements, hint);
      break;
    case "union":
      writer.union(node, hint);
      break;
    default:
      writer.out.line(`return ${writer.expr(node, "value", hint) ?? "value"};`);
  }
  out.blank();
  out.lines(writer.constants);
  out.doc(doc);
  out.block(`function ${name}(value: unknown): unknown`, () => out.lines(writer.out.rawLines()));
  return writer.lifted;
}
