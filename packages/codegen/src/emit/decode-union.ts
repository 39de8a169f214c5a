import type { TypeNode } from "../ir/schema.js";
import { isSimple, literalCode } from "./checks.js";
import type { EmitContext } from "./context.js";
import { emitObjectUnion } from "./decode-object-union.js";
import { emitSwitch } from "./decode-switch.js";
import type { DecoderWriter, Site } from "./decoders.js";
import { stringLiteral } from "./printer.js";
import { unionMembers } from "./type-facts.js";

/**
 * Decoders of unions that one condition cannot decide, written as a function of their own:
 * a `switch` on the discriminator, or one branch per JavaScript shape the value can have
 * (`typeof value === "string"`, `Array.isArray(value)`, ...), trying the members that fit.
 */

/** A JavaScript shape, tested cheaply before any member is tried. */
export type Bucket =
  | "null"
  | "undefined"
  | "boolean"
  | "number"
  | "string"
  | "bigint"
  | "date"
  | "bytes"
  | "array"
  | "map"
  | "set"
  | "object";

const bucketOrder: readonly Bucket[] = [
  ...(["null", "undefined", "boolean", "number", "string", "bigint"] as const),
  ...(["date", "bytes", "array", "map", "set", "object"] as const),
];

/**
 * True when decoding `node` takes a function of its own: anything but simple members plus at
 * most one structure decoded in place or by one call (`LatLon | null`, `string[] | undefined`).
 */
export function needsUnionFunction(ctx: EmitContext, node: TypeNode): boolean {
  if (node.kind !== "union") return false;
  const members = unionMembers(node);
  if (
    node.discriminator !== undefined &&
    ctx.facts.discriminatorTags(members, node.discriminator)
  ) {
    return true;
  }
  const complex = members.filter((member) => !isSimple(member));
  const [only] = complex;
  if (complex.length === 0 || only === undefined) return false;
  return complex.length > 1 || only.kind === "map" || only.kind === "set";
}

/** Writes the body of a union's decoder function (`value` and `path` are its parameters). */
export function emitUnionBody(
  w: DecoderWriter,
  node: Extract<TypeNode, { kind: "union" }>,
  site: Site,
): void {
  const members = unionMembers(node);
  const tags =
    node.discriminator === undefined
      ? undefined
      : w.ctx.facts.discriminatorTags(members, node.discriminator);
  if (node.discriminator !== undefined && tags !== undefined) {
    emitSwitch(w, members, node.discriminator, tags, site);
    return;
  }
  const what = stringLiteral(w.ctx.facts.describe(node));
  const showValue = members.some((member) => member.kind === "literal" || member.kind === "enum");
  const fail = `return ${showValue ? w.ctx.rt("expectedValue") : w.ctx.rt("expected")}(${site.path}, ${what}, ${site.read});`;
  const coverage = members.map((member) => bucketsOf(w.ctx, member, new Set()));
  const branches = bucketOrder.flatMap((bucket) => {
    const candidates = members.filter((_, i) => coverage[i]?.has(bucket));
    if (candidates.length === 0) return [];
    const [lines, fallsThrough] = w.capture(() =>
      w.nested(() => emitBranch(w, bucket, candidates, site)),
    );
    return [{ guards: [guard(w, bucket, site.read)], lines, fallsThrough }];
  });
  // Shapes accepted whole share one line: `if (value === null || typeof value === "string")`.
  const merged: typeof branches = [];
  for (const branch of branches) {
    const last = merged.at(-1);
    if (last !== undefined && acceptsWhole(last.lines, site) && acceptsWhole(branch.lines, site)) {
      merged[merged.length - 1] = { ...last, guards: [...last.guards, ...branch.guards] };
    } else {
      merged.push(branch);
    }
  }
  merged.forEach((branch, i) => {
    const lines =
      branch.fallsThrough && i < merged.length - 1 ? [...branch.lines, fail] : branch.lines;
    w.out.branch(`if (${branch.guards.join(" || ")})`, lines);
  });
  w.out.line(fail);
}

function acceptsWhole(lines: readonly string[], site: Site): boolean {
  return lines.length === 1 && lines[0] === `return ${site.read};`;
}

/**
 * The members that fit one shape, in declared order: a cheap test for literals, enums and
 * numbers; `return value` for a member that accepts the whole shape; a direct decode when one
 * member may still fail, else each tried in turn. Returns true when the branch can fall through.
 */
function emitBranch(w: DecoderWriter, bucket: Bucket, candidates: TypeNode[], site: Site): boolean {
  const fallible = candidates.filter((member) => classify(member, bucket) === "fallible");
  const objects =
    bucket === "object" && fallible.length > 1 && fallible.length === candidates.length;
  // Trying objects in turn would let a looser one take the value and drop keys another
  // declares: the runtime ranks them by the keys they keep (docs/codegen.md).
  if (objects && emitObjectUnion(w, fallible, site)) return false;
  if (bucket === "array" && fallible.length > 1 && fallible.length === candidates.length) {
    tupleLengths(w, fallible, site);
  }
  const direct = fallible.length === 1 && candidates.at(-1) === fallible[0];
  let tried = false;
  for (const member of candidates) {
    const kind = classify(member, bucket);
    if (kind === "test") {
      w.out.line(`if (${test(w, member, site)}) return ${site.read};`);
    } else if (kind === "certain") {
      w.out.line(`return ${site.read};`);
      return false;
    } else if (direct) {
      tryMember(w, member, bucket, site, false);
      return false;
    } else if (!tried) {
      tried = true;
      for (const candidate of fallible) tryMember(w, candidate, bucket, site, true);
    }
  }
  return true;
}

function tryMember(
  w: DecoderWriter,
  member: TypeNode,
  bucket: Bucket,
  site: Site,
  wrap: boolean,
): void {
  const decode = () =>
    w.nested(() => {
      const result = w.decode(member, site, bucket);
      w.out.line(`return ${result ?? site.read};`);
    });
  if (!wrap) {
    decode();
    return;
  }
  w.out.block("try", decode);
  w.out.block("catch", () => w.out.comment("Not this member; try the next."));
}

type MemberKind = "test" | "certain" | "fallible";

/**
 * How a union decoder handles `member` among those taking the value's shape `bucket`:
 * `test`, a cheap condition; `certain`, takes every value of the shape; `fallible`, tried.
 * Shared with the Python decoders, whose shapes are JSON's rather than JavaScript's.
 */
export function classify(member: TypeNode, bucket: string): MemberKind {
  switch (member.kind) {
    case "literal":
    case "enum":
      return "test";
    case "number":
      return member.constraints === undefined ? "test" : "fallible";
    case "string":
      return member.constraints === undefined ? "certain" : "fallible";
    case "boolean":
    case "null":
    case "undefined":
    case "unknown":
      return "certain";
    default:
      return bucket === "undefined" ? "certain" : "fallible";
  }
}

/** The condition under which a "test" member accepts the value. */
function test(w: DecoderWriter, member: TypeNode, site: Site): string {
  if (member.kind === "literal") return `${site.read} === ${literalCode(member.value)}`;
  if (member.kind === "number") return `!Number.isNaN(${site.read})`;
  if (member.kind !== "enum") throw new Error(`rpcgen emit: no test for ${member.kind}`);
  const values = member.members.map((entry) => literalCode(entry.value)).join(", ");
  return `${w.declare(`VALUES_${site.hint}`, `new Set<unknown>([${values}])`)}.has(${site.read})`;
}

function guard(w: DecoderWriter, bucket: Bucket, read: string): string {
  switch (bucket) {
    case "null":
    case "undefined":
      return `${read} === ${bucket}`;
    case "boolean":
    case "number":
    case "string":
    case "bigint":
      return `typeof ${read} === "${bucket}"`;
    case "date":
      return `${read} instanceof Date`;
    case "bytes":
      return `${read} instanceof Uint8Array`;
    case "array":
      return `Array.isArray(${read})`;
    case "map":
      return `${read} instanceof Map`;
    case "set":
      return `${read} instanceof Set`;
    case "object":
      return `${w.ctx.rt("isPlainObject")}(${read})`;
  }
}

/** The shapes a value of `node` can arrive in (a Date as a Date or an ISO string...). */
function bucketsOf(ctx: EmitContext, node: TypeNode, seen: Set<string>): Set<Bucket> {
  switch (node.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
    case "undefined":
      return new Set([node.kind]);
    case "literal":
      return new Set([typeof node.value as Bucket]);
    case "enum":
      return new Set(node.members.map((member) => typeof member.value as Bucket));
    case "bigint":
      return new Set(["bigint", "number", "string"]);
    case "date":
    case "bytes":
      return new Set([node.kind, "string"]);
    case "array":
    case "tuple":
      return new Set(["array"]);
    case "object":
    case "record":
      return new Set(["object"]);
    case "map":
    case "set":
      return new Set([node.kind, "array"]);
    case "union":
      return new Set(node.members.flatMap((member) => [...bucketsOf(ctx, member, seen)]));
    case "ref": {
      if (seen.has(node.id)) return new Set();
      seen.add(node.id);
      return bucketsOf(ctx, ctx.facts.named(node.id).type, seen);
    }
    case "unknown":
      return new Set(bucketOrder);
  }
}

/**
 * Before trying tuples of fixed lengths in turn, the length alone refuses most wrong arrays,
 * with a message naming the lengths (a GeoJSON bbox: `expected a tuple of 4 or 6 elements, got
 * an array of 5`) rather than the last member's failure.
 */
function tupleLengths(w: DecoderWriter, members: readonly TypeNode[], site: Site): void {
  const lengths = new Set<number>();
  for (const member of members) {
    const tuple = w.ctx.facts.resolve(member);
    if (tuple.kind !== "tuple" || tuple.elements.some((element) => element.rest)) return;
    const required = tuple.elements.filter((element) => !element.optional).length;
    for (let n = required; n <= tuple.elements.length; n++) lengths.add(n);
  }
  const sorted = [...lengths].sort((a, b) => a - b);
  if (sorted.length > maxListedLengths) return;
  const length = `${site.read}.length`;
  const test = sorted.map((n) => `${length} !== ${n}`).join(" && ");
  const listed =
    sorted.length === 1
      ? String(sorted[0])
      : `${sorted.slice(0, -1).join(", ")} or ${String(sorted.at(-1))}`;
  const message = `\`expected a tuple of ${listed} elements, got an array of \${${length}}\``;
  w.out.line(`if (${test}) throw ${w.ctx.rt("invalidAt")}(${site.path}, ${message});`);
}

/** More lengths than this are not listed (a chain of `!==` that long says little). */
const maxListedLengths = 6;
