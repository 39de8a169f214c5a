import type { TypeNode } from "../ir/schema.js";
import { callKinds, constraintStatements, failStatement, isSimple, simpleCheck } from "./checks.js";
import type { EmitContext, PendingFunction } from "./context.js";
import {
  decodeArray,
  decodeCollection,
  decodeObject,
  decodeRecord,
  decodeTuple,
} from "./decode-structures.js";
import { type Bucket, emitUnionBody, needsUnionFunction } from "./decode-union.js";
import { capitalize, type LocalScope, sanitize } from "./names.js";
import { PathExpr } from "./path-expr.js";
import { CodePrinter } from "./printer.js";
import { unionMembers } from "./type-facts.js";

/** Where the value being decoded is: how to read it, its path, and a hint for names. */
export interface Site {
  /** Reads the value: an identifier or a property read TypeScript can narrow. */
  readonly read: string;
  readonly path: PathExpr;
  /** Names lifted helpers and constants (`PathRequest_avoid`). */
  readonly hint: string;
}

/** How a stored value may be absent or carried as null. */
export interface SlotOptions {
  /** An optional property or element: `undefined` passes without decoding. */
  readonly optional: boolean;
  /** Inside an array: JSON carries `undefined` as null, so null becomes undefined. */
  readonly nullAsUndefined: boolean;
}

/**
 * Writes the straight-line decoding code of one function. {@link decode} emits the checks for
 * a type and returns the expression of the converted value when decoding changes it (a Date
 * from an ISO string), or undefined when the value was checked, and fixed up, in place.
 */
export class DecoderWriter {
  /** Module-level constants the function uses, printed before it. */
  readonly constants: string[] = [];
  /** Helper functions split off this one (non-trivial unions), printed after it. */
  readonly lifted: PendingFunction[] = [];
  readonly ctx: EmitContext;
  out: CodePrinter;
  scope: LocalScope;

  constructor(ctx: EmitContext, scope: LocalScope) {
    this.ctx = ctx;
    this.out = new CodePrinter();
    this.scope = scope;
  }

  /** Declares a module-level constant and returns its name. */
  readonly declare = (base: string, initializer: string): string => {
    const name = this.ctx.names.module(sanitize(base));
    this.constants.push(`const ${name} = ${initializer};`);
    return name;
  };

  /**
   * Emits the checks of `node` at `site`. `known` says which shape test already passed (in a
   * union's branch), so it is not repeated.
   */
  decode(node: TypeNode, site: Site, known?: Bucket): string | undefined {
    const { ctx } = this;
    switch (node.kind) {
      case "unknown":
        return undefined;
      case "date":
        return `${ctx.rt("decodeDate")}(${site.read}, ${site.path})`;
      case "bigint":
        return `${ctx.rt("decodeBigInt")}(${site.read}, ${site.path})`;
      case "bytes":
        return `${ctx.rt("decodeBytes")}(${site.read}, ${site.path})`;
      case "ref":
        return this.call(ctx.decoderOf(node.id), node, site);
      case "array":
        decodeArray(this, node.element, site, known);
        return undefined;
      case "tuple":
        decodeTuple(this, node.elements, site, known);
        return undefined;
      case "object": {
        const shared = ctx.sharedObjectDecoder(node, site.hint, site.read !== "value");
        if (shared === undefined) {
          decodeObject(this, node.properties, node.additional, site, known);
          return undefined;
        }
        if (shared.first) {
          const { name } = shared;
          this.lifted.push({ name, print: (out) => printDecoder(ctx, out, name, node, site.hint) });
        }
        return this.call(shared.name, node, site);
      }
      case "record":
        decodeRecord(this, node.key, node.value, site, known);
        return undefined;
      case "map":
      case "set":
        return decodeCollection(this, node, site);
      case "union":
        return this.#union(node, site);
      default:
        this.simple([node], site, known);
        return undefined;
    }
  }

  /** Calls a decoder function: a statement when the type never converts, else an expression. */
  call(fn: string, node: TypeNode, site: Site): string | undefined {
    const call = `${fn}(${site.read}, ${site.path})`;
    if (this.ctx.facts.converts(node)) return call;
    this.out.line(`${call};`);
    return undefined;
  }

  /**
   * The one-condition check of simple kinds, then their constraints. `optional` lets
   * `undefined` pass as well (an optional property).
   */
  simple(members: readonly TypeNode[], site: Site, known?: Bucket, optional = false): void {
    const { ctx, out } = this;
    const path = String(site.path);
    const [only] = members;
    if (members.length === 0) {
      // The empty union, `never` (the values of `Record<string, never>`): nothing is valid.
      const fail = `${ctx.rt("expected")}(${path}, "no value (never)", ${site.read});`;
      out.line(optional ? `if (${site.read} !== undefined) ${fail}` : fail);
      return;
    }
    if (members.length === 1 && only?.kind === known) {
      // The union's branch tested the typeof already; only NaN is left to refuse.
      if (known === "number") {
        out.line(
          `if (Number.isNaN(${site.read})) ${ctx.rt("expected")}(${path}, "number", ${site.read});`,
        );
      }
    } else {
      const check = simpleCheck(ctx, members, site.read, this.declare, site.hint);
      if (check !== undefined) {
        const allowUndefined = optional && !members.some((member) => member.kind === "undefined");
        const base = check.fail.includes("||") ? `(${check.fail})` : check.fail;
        const fail = allowUndefined ? `${base} && ${site.read} !== undefined` : check.fail;
        out.line(failStatement(ctx, { ...check, fail }, site.read, path));
      }
    }
    const guarded = members.length > 1 || optional;
    for (const member of members) {
      out.lines(
        constraintStatements(ctx, member, site.read, path, this.declare, site.hint, guarded),
      );
    }
  }

  /**
   * Decodes a value held in a property or element, storing the result with `store` when it
   * converts. Absent optional values are skipped; a null where JSON put it becomes undefined.
   */
  slot(node: TypeNode, site: Site, store: (expr: string) => string, options: SlotOptions): void {
    const { facts } = this.ctx;
    const undefinedOk = options.optional || facts.allowsUndefined(node);
    const nullToUndefined = options.nullAsUndefined && undefinedOk && !facts.allowsNull(node);
    if (!nullToUndefined && options.optional && unionMembers(node).every(isSimple)) {
      this.simple(unionMembers(node), site, undefined, true);
      return;
    }
    const [body, result] = this.capture(() => this.decode(node, site));
    if (result !== undefined) body.push(store(result));
    if (nullToUndefined) {
      this.out.line(`if (${site.read} === null) ${store("undefined")}`);
      if (body.length === 0) return;
      this.out.branch(options.optional ? `else if (${site.read} !== undefined)` : "else", body);
    } else if (options.optional && body.length > 0) {
      this.out.branch(`if (${site.read} !== undefined)`, body);
    } else {
      this.out.lines(body);
    }
  }

  /**
   * Decodes the value `raw` reads (a key or value of a pair, a member of a Set) and returns the
   * expression of the decoded value. Binds a local first unless one call does all the work.
   */
  element(node: TypeNode, raw: string, path: PathExpr, hint: string, label: string): string {
    const { facts } = this.ctx;
    const nullToUndefined = facts.allowsUndefined(node) && !facts.allowsNull(node);
    let read = raw;
    if (nullToUndefined || !callKinds.has(node.kind)) {
      read = this.scope.local(label);
      const init = nullToUndefined ? `${raw} === null ? undefined : ${raw}` : raw;
      this.out.line(`const ${read}: unknown = ${init};`);
    }
    return this.decode(node, { read, path, hint }) ?? read;
  }

  #union(node: Extract<TypeNode, { kind: "union" }>, site: Site): string | undefined {
    const members = unionMembers(node);
    if (members.every(isSimple)) {
      this.simple(members, site);
      return undefined;
    }
    if (needsUnionFunction(this.ctx, node)) {
      const name = this.ctx.names.module(`decode${capitalize(sanitize(site.hint))}`);
      this.lifted.push({
        name,
        print: (out) => printDecoder(this.ctx, out, name, node, site.hint),
      });
      return this.call(name, node, site);
    }
    // `T | null` and the like: the simple members pass, anything else must be the one T.
    const simple = members.filter(isSimple);
    const complex = members.find((member) => !isSimple(member)) as TypeNode;
    const check = simpleCheck(this.ctx, simple, site.read, this.declare, site.hint);
    if (check === undefined) return undefined;
    const path = String(site.path);
    for (const member of simple) {
      this.out.lines(
        constraintStatements(this.ctx, member, site.read, path, this.declare, site.hint, true),
      );
    }
    const [body, result] = this.capture(() => this.decode(complex, site));
    if (result !== undefined) return `${check.fail} ? ${result} : ${site.read}`;
    if (body.length > 0) this.out.branch(`if (${check.fail})`, body);
    return undefined;
  }

  /** Runs `emit` into a fresh buffer and returns its lines and result, for wrapping in blocks. */
  capture<T>(emit: () => T): [string[], T] {
    const saved = this.out;
    this.out = new CodePrinter();
    try {
      const result = emit();
      return [this.out.rawLines(), result];
    } finally {
      this.out = saved;
    }
  }

  /** Runs `emit` with a child scope, so the names it declares can be reused by siblings. */
  nested<T>(emit: () => T): T {
    const saved = this.scope;
    this.scope = saved.child();
    try {
      return emit();
    } finally {
      this.scope = saved;
    }
  }

  /** A loop index name: `i`, `j`, `k`, then `i2`... */
  index(): string {
    return this.scope.local(["i", "j", "k"].find((name) => this.scope.isFree(name)) ?? "i");
  }
}

/**
 * Prints a whole decoder function `name(value, path)` for `node`, preceded by its constants;
 * returns the helpers it split off, to be printed after it.
 */
export function printDecoder(
  ctx: EmitContext,
  out: CodePrinter,
  name: string,
  node: TypeNode,
  hint: string,
  doc?: string,
): PendingFunction[] {
  const writer = new DecoderWriter(ctx, ctx.names.scope());
  const site: Site = { read: "value", path: PathExpr.variable("path"), hint };
  if (node.kind === "union" && needsUnionFunction(ctx, node)) {
    emitUnionBody(writer, node, site);
  } else if (node.kind === "object") {
    // Not through decode(): a shared object's own function would call itself.
    decodeObject(writer, node.properties, node.additional, site);
    writer.out.line("return value;");
  } else {
    const result = writer.decode(node, site);
    writer.out.line(`return ${result ?? "value"};`);
  }
  out.blank();
  out.lines(writer.constants);
  out.doc(doc);
  out.block(`function ${name}(value: unknown, path: string): unknown`, () =>
    out.lines(writer.out.rawLines()),
  );
  return writer.lifted;
}
