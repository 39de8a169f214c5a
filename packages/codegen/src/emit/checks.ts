import type { NumberConstraints, StringConstraints, TypeNode } from "../ir/schema.js";
import type { EmitContext } from "./context.js";
import { stringLiteral } from "./printer.js";

/**
 * Checks for the kinds one condition can decide (primitives, literals, enums) and for the
 * JSDoc constraints on strings and numbers. The decoders compose these into straight-line code.
 */

/** Declares a module-level constant named after `base` and returns its name. */
export type DeclareConstant = (base: string, initializer: string) => string;

/** A test that needs no narrowing: the condition under which the value is wrong. */
export interface SimpleCheck {
  readonly fail: string;
  /** What was expected, for the message. */
  readonly what: string;
  /** Show the offending value itself (`got "ferries"`), not only its kind. */
  readonly showValue: boolean;
}

/** More literals than this in one union are tested with a Set rather than a chain of `!==`. */
const maxLiteralChain = 6;

/** Kinds decoded by at most one call, with nothing to narrow first. */
export const callKinds: ReadonlySet<string> = new Set([
  "ref",
  "date",
  "bigint",
  "bytes",
  "unknown",
]);

/** The kinds {@link simpleCheck} handles. */
export function isSimple(node: TypeNode): boolean {
  return [
    "string",
    "number",
    "boolean",
    "null",
    "undefined",
    "literal",
    "enum",
    "unknown",
  ].includes(node.kind);
}

/**
 * One condition for a union of simple kinds (or a single one), or undefined when every value
 * passes (the union holds `unknown`).
 */
export function simpleCheck(
  ctx: EmitContext,
  members: readonly TypeNode[],
  read: string,
  declare: DeclareConstant,
  hint: string,
): SimpleCheck | undefined {
  if (members.some((member) => member.kind === "unknown")) return undefined;
  const literals = members.flatMap((member) => (member.kind === "literal" ? [member.value] : []));
  const fails: string[] = [];
  if (literals.length > maxLiteralChain) {
    const values = literals.map(literalCode).join(", ");
    const set = declare(`VALUES_${hint}`, `new Set<unknown>([${values}])`);
    fails.push(`!${set}.has(${read})`);
  }
  for (const member of members) {
    if (member.kind === "literal" && literals.length > maxLiteralChain) continue;
    fails.push(memberFail(member, read, declare, hint));
  }
  return {
    fail: fails.length === 1 ? (fails[0] as string) : fails.map(parenthesize).join(" && "),
    what: members.map((member) => ctx.facts.describe(member)).join(" | "),
    showValue: members.some((member) => member.kind === "literal" || member.kind === "enum"),
  };
}

function parenthesize(condition: string): string {
  return condition.includes("||") ? `(${condition})` : condition;
}

function memberFail(
  member: TypeNode,
  read: string,
  declare: DeclareConstant,
  hint: string,
): string {
  switch (member.kind) {
    case "string":
    case "boolean":
      return `typeof ${read} !== "${member.kind}"`;
    case "number":
      // NaN is refused; Infinity passes (msgpack carries it, JSON turns it into null).
      return `typeof ${read} !== "number" || Number.isNaN(${read})`;
    case "null":
    case "undefined":
      return `${read} !== ${member.kind}`;
    case "literal":
      return `${read} !== ${literalCode(member.value)}`;
    case "enum": {
      const values = member.members.map((entry) => literalCode(entry.value)).join(", ");
      return `!${declare(`VALUES_${hint}`, `new Set<unknown>([${values}])`)}.has(${read})`;
    }
    default:
      throw new Error(`rpcgen emit: ${member.kind} is not a simple kind`);
  }
}

/** The statement that throws when `check` fails. */
export function failStatement(
  ctx: EmitContext,
  check: SimpleCheck,
  read: string,
  path: string,
): string {
  const fn = check.showValue ? ctx.rt("expectedValue") : ctx.rt("expected");
  return `if (${check.fail}) ${fn}(${path}, ${stringLiteral(check.what)}, ${read});`;
}

/**
 * Statements enforcing the JSDoc constraints of `node` on an already type-checked value. In a
 * union the value may be of another member, so `guarded` prefixes each test with a typeof.
 */
export function constraintStatements(
  ctx: EmitContext,
  node: TypeNode,
  read: string,
  path: string,
  declare: DeclareConstant,
  hint: string,
  guarded: boolean,
): string[] {
  if (node.kind === "string" && node.constraints !== undefined) {
    const guard = guarded ? `typeof ${read} === "string" && ` : "";
    return stringConstraints(ctx, node.constraints, read, path, declare, hint).map(
      ([test, action]) => `if (${guard}${test}) ${action}`,
    );
  }
  if (node.kind === "number" && node.constraints !== undefined) {
    const guard = guarded ? `typeof ${read} === "number" && ` : "";
    return numberConstraints(ctx, node.constraints, read, path).map(
      ([test, action]) => `if (${guard}${test}) ${action}`,
    );
  }
  return [];
}

type Constraint = [test: string, action: string];

function stringConstraints(
  ctx: EmitContext,
  c: StringConstraints,
  read: string,
  path: string,
  declare: DeclareConstant,
  hint: string,
): Constraint[] {
  const out: Constraint[] = [];
  const length = (bound: string, n: number) =>
    `throw ${ctx.rt("invalidAt")}(${path}, \`expected ${bound} ${n === 1 ? "character" : "characters"}, got \${${read}.length}\`);`;
  const shown = (what: string) =>
    `${ctx.rt("expectedValue")}(${path}, ${stringLiteral(what)}, ${read});`;
  if (c.minLength !== undefined)
    out.push([`${read}.length < ${c.minLength}`, length(`at least ${c.minLength}`, c.minLength)]);
  if (c.maxLength !== undefined)
    out.push([`${read}.length > ${c.maxLength}`, length(`at most ${c.maxLength}`, c.maxLength)]);
  if (c.pattern !== undefined) {
    const literal = regexLiteral(c.pattern);
    const pattern = declare(`PATTERN_${hint}`, literal);
    out.push([`!${pattern}.test(${read})`, shown(`a string matching ${literal}`)]);
  }
  if (c.format !== undefined) {
    out.push([`!${ctx.shared(c.format)}.test(${read})`, shown(formatNames[c.format])]);
  }
  return out;
}

function numberConstraints(
  ctx: EmitContext,
  c: NumberConstraints,
  read: string,
  path: string,
): Constraint[] {
  const shown = (what: string) =>
    `${ctx.rt("expectedValue")}(${path}, ${stringLiteral(what)}, ${read});`;
  const out: Constraint[] = [];
  if (c.integer === true) out.push([`!Number.isInteger(${read})`, shown("an integer")]);
  if (c.minimum !== undefined) out.push([`${read} < ${c.minimum}`, shown(`at least ${c.minimum}`)]);
  if (c.maximum !== undefined) out.push([`${read} > ${c.maximum}`, shown(`at most ${c.maximum}`)]);
  return out;
}

const formatNames: Record<NonNullable<StringConstraints["format"]>, string> = {
  email: "an email address",
  uuid: "a UUID",
  uri: "a URI",
  "date-time": "an RFC 3339 date-time",
};

/** The regular expressions behind `@format`, written once per module that uses them. */
export const formatPatterns: Record<NonNullable<StringConstraints["format"]>, string> = {
  email: String.raw`/^[^\s@]+@[^\s@]+\.[^\s@]+$/`,
  uuid: "/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i",
  uri: String.raw`/^[a-z][a-z\d+.-]*:[^\s]*$/i`,
  "date-time": String.raw`/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i`,
};

/** A literal's code: a string literal or a number/boolean as written. */
export function literalCode(value: string | number | boolean): string {
  if (typeof value === "string") return stringLiteral(value);
  if (Object.is(value, -0)) return "-0";
  return String(value);
}

/**
 * A regular expression literal for a `@pattern` source. `/` and line breaks are escaped so the
 * literal cannot end early; an invalid pattern is a bug in whoever built the IR.
 */
export function regexLiteral(pattern: string): string {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    throw new Error(`rpcgen emit: invalid @pattern ${JSON.stringify(pattern)}: ${String(error)}`);
  }
  // The `u` flag, as the analyzer checked it: `\p{L}` and astral characters mean what they say.
  if (pattern === "") return "/(?:)/u";
  let body = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === "\\" && i + 1 < pattern.length) {
      const next = pattern.charAt(++i);
      body += lineBreaks[next] ?? `\\${next}`;
      continue;
    }
    if (char === "[") inClass = true;
    else if (char === "]") inClass = false;
    // Inside a class `/` cannot end the literal, and escaping it there is flagged as useless.
    body += char === "/" && !inClass ? "\\/" : (lineBreaks[char] ?? char);
  }
  return `/${body}/u`;
}

const lineBreaks: Record<string, string> = {
  "\n": "\\n",
  "\r": "\\r",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};
