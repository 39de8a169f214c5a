import { classify } from "../emit/decode-union.js";
import type { TypeNode } from "../ir/schema.js";
import type { PyDecoders } from "./decoders.js";
import { numberCheck } from "./decoders.js";
import { snakeCase } from "./naming.js";
import { pyCall, pyLiteral, pyString } from "./printer.js";
import { type Bucket, bucketsOf, guardOf, isSimple, simpleTest } from "./union-facts.js";

/**
 * Decoder bodies for unions, as the TypeScript decoders read them: one condition for simple
 * members, a dispatch on a discriminator, the one complex member of `T | null`, or a branch per
 * JSON shape trying the members that take it (untagged objects ranked by the keys they share).
 */

/**
 * A union: one condition when every member is a primitive, literal or enum; a dispatch on
 * the discriminator when it has one; else a branch per JSON shape trying the members that
 * take it, in the order written.
 */
export function unionBody(
  d: PyDecoders,
  members: readonly TypeNode[],
  hint: string,
  node: TypeNode,
  type: string,
): string[] {
  const types = d.types;
  const facts = types.facts;
  if (members.length === 0) return ["_never(value, path)"];

  if (members.some((member) => member.kind === "unknown")) return ["return _unknown(value, path)"];
  const showValue = members.some((member) => member.kind === "literal" || member.kind === "enum");
  const what = pyString(facts.describe({ kind: "union", members: [...members] }));
  const failCall = (indent: number) =>
    pyCall(showValue ? "_expected_value" : "_expected", ["path", what, "value"], "", indent);
  const fail = failCall(1);
  if (node.kind === "union" && node.discriminator !== undefined) {
    const tags = facts.discriminatorTags(members, node.discriminator);
    if (tags !== undefined) return tagged(d, members, node.discriminator, tags, hint);
  }
  if (members.every(isSimple)) {
    const tests = members.map((member) => simpleTest(member, "value"));
    const lines = [`if ${negate(tests)}:`, ...failCall(2).map((line) => `    ${line}`)];
    for (const member of members) lines.push(...d.constraints(member, hint, members.length > 1));
    const enums = members.filter((member) => member.kind === "enum");
    for (const member of enums) {
      const name = types.inline(member).name;
      lines.push(`if ${simpleTest(member, "value")}:`, `    return ${name}(value)`);
    }
    if (members.length === 1 && members[0]?.kind === "enum")
      return lines.slice(0, -2).concat(`return ${types.inline(members[0]).name}(value)`);
    // isinstance and `is None` narrow `value` already; other tests leave it an object.
    const narrowed = members.every((m) => ["string", "boolean", "null"].includes(m.kind));
    return [...lines, narrowed ? "return value" : `return cast(${quoted(type)}, value)`];
  }
  const complex = members.filter((member) => !isSimple(member));
  const [only] = complex;
  if (complex.length === 1 && only !== undefined && only.kind !== "map" && only.kind !== "set") {
    // `T | null` and the like: the simple members pass, anything else must be the one T.
    const lines = members.filter(isSimple).flatMap((member) => accept(d, member, hint));
    return [...lines, `return ${d.ref(only, `${hint}_${members.indexOf(only) + 1}`)}(value, path)`];
  }
  const lines: string[] = [];
  for (const bucket of bucketOrder) {
    const candidates = members.filter((member) => bucketsOf(facts, member).has(bucket));
    if (candidates.length === 0) continue;
    lines.push(`if ${guardOf(bucket)}:`);
    const body = branch(d, bucket, candidates, hint, type);
    lines.push(...body.map((line) => `    ${line}`));
  }
  return [...lines, ...fail];
}

/** `if <value is of this simple member>: return it`, its constraints checked. */
function accept(d: PyDecoders, member: TypeNode, hint: string): string[] {
  const test = simpleTest(member, "value");
  if (member.kind === "string") {
    const check = d.stringCheck(member.constraints, "value", hint);
    return [`if ${test}:`, `    return ${check}`];
  }
  if (member.kind === "number") {
    return [`if ${test}:`, `    return ${numberCheck(member.constraints, "cast(float, value)")}`];
  }
  const value =
    member.kind === "enum"
      ? `${d.types.inline(member).name}(value)`
      : member.kind === "literal"
        ? pyLiteral(member.value)
        : member.kind === "boolean"
          ? "value"
          : "None";
  return [`if ${test}:`, `    return ${value}`];
}

function branch(
  d: PyDecoders,
  bucket: Bucket,
  candidates: readonly TypeNode[],
  hint: string,
  type: string,
): string[] {
  const lines: string[] = [];
  const fallible = candidates.filter((member) => classify(member, bucket) === "fallible");
  const objects = bucket === "object" && fallible.length > 1;
  if (objects && fallible.length === candidates.length) {
    const union = objectUnion(d, candidates, hint);
    if (union !== undefined) return [`return cast(${quoted(type)}, ${union})`];
  }
  for (const [i, member] of candidates.entries()) {
    const kind = classify(member, bucket);
    if (kind === "certain") {
      lines.push(`return ${certainValue(member, bucket)}`);
      return lines;
    }
    if (kind === "test") {
      const value =
        member.kind === "enum"
          ? `${d.types.inline(member).name}(value)`
          : member.kind === "literal"
            ? pyLiteral(member.value)
            : "value";
      lines.push(`if ${simpleTest(member, "value")}:`, `    return ${value}`);
      continue;
    }
    const call = `${d.ref(member, `${hint}_${i + 1}`)}(value, path)`;
    if (fallible.length === 1) {
      lines.push(`return ${call}`);
      return lines;
    }
    lines.push(
      "try:",
      `    return ${call}`,
      "except RpcError:",
      "    pass  # Not this member; try the next.",
    );
  }
  return lines;
}

/**
 * `_object_union(value, path, what, members)` when every member is an object type (each
 * member's name, keys, required keys, whether all its properties are optional, decoder).
 */
function objectUnion(
  d: PyDecoders,
  members: readonly TypeNode[],
  hint: string,
): string | undefined {
  const facts = d.types.facts;
  const entries: string[] = [];
  for (const [i, member] of members.entries()) {
    const object = facts.resolve(member);
    if (object.kind !== "object") return undefined;
    const names = object.properties.map((property) => pyString(property.name));
    const keys = object.additional !== undefined ? "None" : `frozenset({${names.join(", ")}})`;
    const required = object.properties
      .filter((property) => !property.optional && !facts.allowsUndefined(property.type))
      .map((property) => pyString(property.name));
    const weak = object.properties.length > 0 && object.properties.every((p) => p.optional);
    const requiredTuple = required.length === 1 ? `(${required[0]},)` : `(${required.join(", ")})`;
    const decode = d.ref(member, `${hint}_${i + 1}`);
    const name = pyString(facts.describe(member));
    entries.push(`(${name}, ${keys}, ${requiredTuple}, ${weak ? "True" : "False"}, ${decode})`);
  }
  const what = pyString([...new Set(members.map((member) => facts.describe(member)))].join(" | "));
  const name = d.types.functions.claim(`_UNION_${snakeCase(hint).toUpperCase()}`);
  d.lift([`${name}: tuple[_Member, ...] = (`, ...entries.map((entry) => `    ${entry},`), ")"]);
  return `_object_union(value, path, ${what}, ${name})`;
}

function tagged(
  d: PyDecoders,
  members: readonly TypeNode[],
  discriminator: string,
  tags: readonly (readonly (string | number | boolean)[])[],
  hint: string,
): string[] {
  const key = pyString(discriminator);
  const lines = [`tag = _object(value, path).get(${key}, _MISSING)`];
  members.forEach((member, i) => {
    const values = tags[i] ?? [];
    const test = values
      .map((tag) =>
        typeof tag === "string" ? `tag == ${pyLiteral(tag)}` : `_is(tag, ${pyLiteral(tag)})`,
      )
      .join(" or ");
    lines.push(`if ${test}:`, `    return ${d.ref(member, `${hint}_${i + 1}`)}(value, path)`);
  });
  const all = pyString(
    tags
      .flat()
      .map((tag) => JSON.stringify(tag))
      .join(" | "),
  );
  lines.push(...pyCall("_expected_value", [`_prop_path(path, ${key})`, all, "tag"], "", 1));
  return lines;
}

/** The condition that none of `tests` holds, written plainly for one test. */
function negate(tests: readonly string[]): string {
  const [only] = tests;
  if (tests.length > 1 || only === undefined) return `not (${tests.join(" or ")})`;
  if (only.includes(" or ")) return `not (${only})`;
  if (only.endsWith(" is None")) return `${only.slice(0, -5)} is not None`;
  if (/^value == /.test(only)) return only.replace(" == ", " != ");
  return `not ${only}`;
}

/** A type for `cast`: a name as it is, anything longer quoted (it is only read by checkers). */
export function quoted(type: string): string {
  return /^\w+$/.test(type) ? type : pyString(type).replaceAll('\\"', "'");
}

const bucketOrder: readonly Bucket[] = [
  "null",
  "undefined",
  "boolean",
  "number",
  "string",
  "array",
  "object",
];

function certainValue(member: TypeNode, bucket: Bucket): string {
  if (bucket === "null" || bucket === "undefined") return "None";
  if (member.kind === "unknown") return "_unknown(value, path)";
  return "value";
}
