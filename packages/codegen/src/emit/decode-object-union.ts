import type { Property, TypeNode } from "../ir/schema.js";
import type { DecoderWriter, Site } from "./decoders.js";
import { printDecoder } from "./decoders.js";
import { capitalize, sanitize } from "./names.js";
import { stringLiteral } from "./printer.js";
import { unionMembers } from "./type-facts.js";

/**
 * Untagged unions of object types (no tag the emitter can switch on): the union is described
 * once as a module constant (each member's keys, required keys, whether it is weak, its
 * decoder) and `decodeObjectUnion` of the runtime picks the member. The semantics, which are
 * TypeScript's, are in docs/codegen.md#unions-of-objects.
 */

/** What the runtime needs to know about one member. */
interface MemberFacts {
  readonly name: string;
  /** Declared properties; undefined when the member takes any key. */
  readonly properties: readonly Property[] | undefined;
  /** An object type itself (not a union of them): its required keys and weakness count. */
  readonly object: boolean;
  readonly decoder: string;
}

/**
 * Writes `return decodeObjectUnion(value, path, UNION_...)` for the members that are objects;
 * returns false, writing nothing, past 32 members (the runtime keeps them in a bit mask).
 */
export function emitObjectUnion(
  w: DecoderWriter,
  members: readonly TypeNode[],
  site: Site,
): boolean {
  const { ctx } = w;
  const flat = members.flatMap((member) => spread(w, member, new Set()));
  if (flat.length > maxMembers) return false;
  const key = JSON.stringify(flat);
  const known = ctx.objectUnions.get(key);
  if (known !== undefined) {
    w.out.line(`return ${ctx.rt("decodeObjectUnion")}(${site.read}, ${site.path}, ${known});`);
    return true;
  }
  const union = ctx.names.module(sanitize(`UNION_${site.hint}`));
  ctx.objectUnions.set(key, union);
  const facts = flat.map((member, i) => memberFacts(w, member, `${site.hint}_${i}`));
  const open = facts.some((member) => member.properties === undefined);
  const keys = unique(facts.flatMap((member) => (member.properties ?? []).map((p) => p.name)));
  const entries = facts.map((member) => {
    const fields = [`name: ${stringLiteral(member.name)}`];
    if (member.properties !== undefined) fields.push(`keys: ${setOf(member.properties)}`);
    const own = member.object ? (member.properties ?? []) : [];
    const required = own.filter((p) => !p.optional && !ctx.facts.allowsUndefined(p.type));
    fields.push(`required: [${required.map((p) => stringLiteral(p.name)).join(", ")}]`);
    const weak = own.length > 0 && own.every((p) => p.optional);
    fields.push(`weak: ${weak}`, `decode: ${member.decoder}`);
    return `{ ${fields.join(", ")} }`;
  });
  const what = [...new Set(facts.map((member) => member.name))].join(" | ");
  const fields = [`what: ${stringLiteral(what)}`];
  if (!open) fields.push(`keys: new Set([${keys.map(stringLiteral).join(", ")}])`);
  fields.push(`members: [${entries.join(", ")}]`);
  const others = othersNode(facts, open);
  if (others !== undefined) {
    const name = ctx.names.module(`decode${capitalize(sanitize(site.hint))}Others`);
    const hint = `${site.hint}_others`;
    w.lifted.push({ name, print: (out) => printDecoder(ctx, out, name, others, hint) });
    fields.push(`others: ${name}`);
  }
  w.constants.push(`const ${union} = { ${fields.join(", ")} };`);
  w.out.line(`return ${ctx.rt("decodeObjectUnion")}(${site.read}, ${site.path}, ${union});`);
  return true;
}

const maxMembers = 32;

/**
 * A member that is a union of objects (`SchemaObject = ArraySchemaObject | NonArraySchemaObject`)
 * is ranked as its members, so each is weak or has required keys on its own. Members that are
 * not objects cannot take an object and are left out; a union holding `unknown` stays whole.
 */
function spread(w: DecoderWriter, node: TypeNode, seen: Set<string>): TypeNode[] {
  const resolved = w.ctx.facts.resolve(node);
  if (resolved.kind !== "union") return [node];
  if (node.kind === "ref") {
    if (seen.has(node.id)) return [node];
    seen.add(node.id);
  }
  const members = unionMembers(resolved);
  const kinds = members.map((member) => w.ctx.facts.resolve(member).kind);
  if (kinds.includes("unknown")) return [node];
  return members
    .filter((_, i) => ["object", "record", "union"].includes(kinds[i] ?? ""))
    .flatMap((member) => spread(w, member, seen));
}

function memberFacts(w: DecoderWriter, member: TypeNode, hint: string): MemberFacts {
  const { ctx } = w;
  const properties = declared(w, member, new Set());
  const object = ctx.facts.resolve(member).kind === "object";
  const name = ctx.facts.describe(member);
  if (member.kind === "ref") {
    return { name, properties, object, decoder: ctx.decoderOf(member.id) };
  }
  // An inline member gets a decoder function of its own, which the runtime calls.
  const decoder = ctx.names.module(`decode${capitalize(sanitize(hint))}`);
  w.lifted.push({ name: decoder, print: (out) => printDecoder(ctx, out, decoder, member, hint) });
  return { name, properties, object, decoder };
}

/**
 * The properties a member declares, or undefined when it takes any key (an index signature, a
 * record). A member that is itself a union declares those of its objects.
 */
function declared(w: DecoderWriter, node: TypeNode, seen: Set<string>): Property[] | undefined {
  if (node.kind === "ref") {
    if (seen.has(node.id)) return [];
    seen.add(node.id);
  }
  const resolved = w.ctx.facts.resolve(node);
  switch (resolved.kind) {
    case "object":
      return resolved.additional === undefined ? [...resolved.properties] : undefined;
    case "record":
    case "unknown":
      return undefined;
    case "union": {
      const properties: Property[] = [];
      for (const member of resolved.members) {
        const more = declared(w, member, seen);
        if (more === undefined) return undefined;
        properties.push(...more);
      }
      return properties;
    }
    default:
      // Not an object: it declares no key.
      return [];
  }
}

/**
 * The object type checking keys some members declare and others do not, each with the union
 * of the types its declaring members give it (what TypeScript checks such a key against), or
 * undefined when every member declares the same keys.
 */
function othersNode(
  members: readonly MemberFacts[],
  open: boolean,
): Extract<TypeNode, { kind: "object" }> | undefined {
  const closed = members.flatMap((member) => (member.properties === undefined ? [] : [member]));
  const names = unique(closed.flatMap((member) => (member.properties ?? []).map((p) => p.name)));
  const properties: Property[] = [];
  for (const name of names) {
    const declaring = closed.flatMap(
      (member) => member.properties?.filter((p) => p.name === name) ?? [],
    );
    const by = closed.filter((member) => member.properties?.some((p) => p.name === name));
    if (!open && by.length === members.length) continue;
    const types = uniqueBy(
      declaring.map((p) => p.type),
      (type) => JSON.stringify(type),
    );
    const [only] = types;
    const type: TypeNode =
      types.length === 1 && only !== undefined ? only : { kind: "union", members: types };
    properties.push({ name, type, optional: true, readonly: false });
  }
  if (properties.length === 0) return undefined;
  // It sees only keys some member declares: none to drop, and those only a member with an
  // index signature declares pass unchecked.
  return { kind: "object", properties, additional: { kind: "unknown" } };
}

function setOf(properties: readonly Property[]): string {
  return `new Set([${unique(properties.map((p) => p.name))
    .map(stringLiteral)
    .join(", ")}])`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
