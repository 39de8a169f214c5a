import type { TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import { DiagnosticCode } from "../codes.js";
import type { Context, Site } from "./context.js";
import { type Refusal, refuse } from "./refuse.js";

const F = ts.TypeFlags;

/**
 * A template literal type (`` `user-${string}` ``) is a string with an anchored `pattern`:
 * the decoders test it with a regular expression compiled once per module.
 */
export function visitTemplateLiteral(
  ctx: Context,
  type: ts.TemplateLiteralType,
  site: Site,
): TypeNode {
  const pattern = templatePattern(type);
  if (typeof pattern !== "string") return refuse(ctx, type, site, pattern);
  return { kind: "string", constraints: { pattern } };
}

/**
 * The regular expression (source, `u` flag, anchored) matching exactly the strings TypeScript
 * accepts for the template, or why there is none. It follows the checker's own matching
 * (`inferFromLiteralPartsToTemplateLiteral`), which does not backtrack: a placeholder followed
 * by text ends at the first occurrence of that text, one followed directly by another
 * placeholder takes one character, and the last takes the rest. A placeholder that does not
 * end the template is therefore written so it cannot run over the text that follows it
 * (`(?:(?!:)[\s\S])*` before `:`), and each placeholder accepts what TypeScript accepts for its
 * type: any text for `string`, what `+text` reads as a finite number for `number` (leading and
 * trailing white space included), a bigint literal for `bigint`.
 */
export function templatePattern(type: ts.TemplateLiteralType): string | Refusal {
  const { texts, types } = type;
  let body = escapeText(texts[0] ?? "");
  for (const [i, placeholder] of types.entries()) {
    const kind = placeholderKind(placeholder);
    if (typeof kind !== "string") return kind;
    const next = texts[i + 1] ?? "";
    const last = i === types.length - 1;
    body += last
      ? placeholderPattern(kind, (cls) => cls)
      : next === ""
        ? singleCharacter[kind]
        : placeholderPattern(kind, (cls) => temper(cls, next));
    body += escapeText(next);
  }
  return `^${body}$`;
}

type Placeholder = "string" | "number" | "bigint";

/**
 * `cls` kept from matching where `text` starts: `(?:(?!:)[\s\S])`. Only a class that can match
 * the text's first character needs it (`\d` never starts `:`), which keeps patterns short.
 */
function temper(cls: string, text: string): string {
  const first = [...text][0] ?? "";
  if (!new RegExp(`^${cls}$`, "u").test(first)) return cls;
  return `(?:(?!${escapeText(text)})${cls})`;
}

function placeholderKind(type: ts.Type): Placeholder | Refusal {
  const f = type.flags;
  if (f & (F.String | F.Any)) return "string";
  if (f & F.Number) return "number";
  if (f & F.BigInt) return "bigint";
  // `${string & {}}`: the checker accepts the intersection wherever its primitive part fits.
  if (type.isIntersection()) {
    const primitive = type.types.filter((t) => !isEmptyObject(t));
    const [only] = primitive;
    if (primitive.length === 1 && only !== undefined) return placeholderKind(only);
  }
  if (f & F.StringMapping) {
    return {
      ...stringMapping,
      why: "is a template literal type with a string mapping placeholder (`Uppercase<string>`, `Lowercase<string>`...), which no regular expression checks exactly (case mapping has exceptions such as `ß`)",
    };
  }
  return {
    code: DiagnosticCode.unsupportedTemplateLiteral,
    why: "is a template literal type with a placeholder that is not `string`, `number` or `bigint` (a type parameter, or a type the schema cannot turn into a pattern)",
    instead:
      "Use the template with concrete placeholder types, or write `string` with a JSDoc `@pattern` tag.",
  };
}

/** `Uppercase<string>` and friends: case mapping has no exact regular expression. */
export const stringMapping: Refusal = {
  code: DiagnosticCode.unsupportedTemplateLiteral,
  why: "is a string mapping type (`Uppercase`, `Lowercase`, `Capitalize`, `Uncapitalize`) of a non-literal string, which no regular expression checks exactly (case mapping has exceptions such as `ß`)",
  instead:
    "Write `string` with a JSDoc `@pattern` tag for the check you need (e.g. `/** @pattern ^[^a-z]*$ */`), or a union of literals.",
};

function isEmptyObject(type: ts.Type): boolean {
  return (
    (type.flags & F.Object) !== 0 &&
    type.getProperties().length === 0 &&
    type.getCallSignatures().length === 0 &&
    type.getConstructSignatures().length === 0 &&
    type.getStringIndexType() === undefined &&
    type.getNumberIndexType() === undefined
  );
}

/**
 * A placeholder's pattern, with every character class passed through `char` so a placeholder
 * followed by text can be kept from starting that text (see {@link templatePattern}).
 */
function placeholderPattern(kind: Placeholder, char: (cls: string) => string): string {
  const digit = char(String.raw`\d`);
  const space = char(String.raw`\s`);
  const prefixed = (letters: string, digits: string) =>
    `${char("0")}${char(letters)}${char(digits)}+`;
  const nonDecimal = [
    prefixed("[xX]", "[0-9a-fA-F]"),
    prefixed("[oO]", "[0-7]"),
    prefixed("[bB]", "[01]"),
  ].join("|");
  switch (kind) {
    case "string":
      return `${char(String.raw`[\s\S]`)}*`;
    case "number": {
      // What `+text` reads as a finite number: white space around a decimal (signed, with a
      // fraction and an exponent) or a 0x/0o/0b integer, or white space alone (it reads as 0).
      const dot = char(String.raw`\.`);
      const exponent = `(?:${char("[eE]")}${char("[+-]")}?${digit}+)?`;
      const decimal = `${char("[+-]")}?(?:${digit}+${dot}?${digit}*|${dot}${digit}+)${exponent}`;
      return `(?:${space}*(?:${decimal}|${nonDecimal})${space}*|${space}+)`;
    }
    case "bigint":
      // A bigint literal without its `n`: decimal without leading zeros, or 0x/0o/0b; `-` only.
      return `${char("-")}?(?:${char("0")}|${char("[1-9]")}${digit}*|${nonDecimal})`;
  }
}

/** Followed directly by another placeholder, a placeholder takes exactly one character. */
const singleCharacter: Readonly<Record<Placeholder, string>> = {
  string: String.raw`[\s\S]`,
  // One character that `+c` reads as a finite number: a digit, or white space (read as 0).
  number: String.raw`[\d\s]`,
  bigint: String.raw`\d`,
};

/** Literal text in a `u`-flag regular expression: only syntax characters may be escaped. */
export function escapeText(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}
