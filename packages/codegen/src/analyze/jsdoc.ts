import type { NumberConstraints, StringConstraints, TypeNode } from "../ir/schema.js";
import ts from "../typescript.cjs";
import { DiagnosticCode } from "./codes.js";
import type { DiagnosticSink } from "./diagnostics.js";
import { written } from "./types/nodes.js";

/** The JSDoc text of a declaration, without tags; undefined when there is none. */
export function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string | undefined {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text === "" ? undefined : text;
}

const formats = ["email", "uuid", "uri", "date-time"] as const;
type Format = (typeof formats)[number];

interface Parsed {
  readonly string: StringConstraints;
  readonly number: NumberConstraints;
  /** The tag nodes, to report a constraint that does not fit the type. */
  readonly stringTags: readonly ts.JSDocTag[];
  readonly numberTags: readonly ts.JSDocTag[];
}

/**
 * Reads the constraint tags (`@minLength`, `@maxLength`, `@pattern`, `@format` for strings;
 * `@minimum`, `@maximum`, `@integer` or `@asType integer` for numbers) of the declarations
 * and attaches them to the string and number parts of `type` (so `string | null` works).
 * A malformed value, an unknown `@format`, or a tag on a type it cannot apply to is reported,
 * naming `path` (`Signup.username`). A `@pattern` on a template literal type is refused too:
 * the template is a pattern already, and a string has one. Other tags (`@deprecated`,
 * `@example`...) are left alone.
 */
export function applyConstraints(
  type: TypeNode,
  declarations: readonly ts.Declaration[] | undefined,
  sink: DiagnosticSink,
  path: string,
): TypeNode {
  const parsed = parseTags(declarations ?? [], sink, path);
  const hasString = Object.keys(parsed.string).length > 0;
  const hasNumber = Object.keys(parsed.number).length > 0;
  if (!hasString && !hasNumber) return type;
  const applied = { string: false, number: false };
  const attach = (t: TypeNode): TypeNode => {
    if (t.kind === "string" && hasString) {
      applied.string = true;
      if (t.constraints?.pattern !== undefined && parsed.string.pattern !== undefined) {
        templatePattern(parsed.stringTags, path, sink);
        return { kind: "string", constraints: { ...parsed.string, ...t.constraints } };
      }
      return { kind: "string", constraints: { ...t.constraints, ...parsed.string } };
    }
    if (t.kind === "number" && hasNumber) {
      applied.number = true;
      return { kind: "number", constraints: { ...t.constraints, ...parsed.number } };
    }
    return t;
  };
  const result =
    type.kind === "union" ? { ...type, members: type.members.map(attach) } : attach(type);
  const declaration = declarations?.[0];
  const where =
    declaration === undefined
      ? `the type at \`${path}\``
      : `\`${written(declaration)}\` (at \`${path}\`)`;
  if (hasString && !applied.string) mismatch(parsed.stringTags, type, "string", where, sink);
  if (hasNumber && !applied.number) mismatch(parsed.numberTags, type, "number", where, sink);
  return result;
}

/** A `@pattern` on a template literal type, which is checked by a pattern of its own. */
function templatePattern(tags: readonly ts.JSDocTag[], path: string, sink: DiagnosticSink): void {
  for (const tag of tags) {
    if (tag.tagName.text !== "pattern") continue;
    sink.atNode(
      tag,
      DiagnosticCode.constraintMismatch,
      `\`@pattern\` at \`${path}\` is on a template literal type, which is already checked by the pattern the template stands for. Drop the tag, or write \`string\` with the one \`@pattern\` you mean.`,
    );
  }
}

function mismatch(
  tags: readonly ts.JSDocTag[],
  type: TypeNode,
  expected: string,
  where: string,
  sink: DiagnosticSink,
): void {
  const named = type.kind === "ref" || (type.kind === "union" && type.members.some(isRef));
  const instead = named
    ? "The type is a named type: put the tag on its declaration (e.g. `/** @maxLength 40 */ type Name = string`)."
    : type.kind === "array"
      ? "For the elements of an array, declare an alias (`/** @maxLength 40 */ type Tag = string`) and use `Tag[]`."
      : "Remove the tag: strings take `@minLength`, `@maxLength`, `@pattern` and `@format`; numbers take `@minimum`, `@maximum` and `@integer`.";
  for (const tag of tags) {
    sink.atNode(
      tag,
      DiagnosticCode.constraintMismatch,
      `\`@${tag.tagName.text}\` applies to ${expected} values, but ${where} has no ${expected} part. ${instead}`,
    );
  }
}

function isRef(t: TypeNode): boolean {
  return t.kind === "ref";
}

function parseTags(
  declarations: readonly ts.Declaration[],
  sink: DiagnosticSink,
  path: string,
): Parsed {
  const string: { -readonly [K in keyof StringConstraints]: StringConstraints[K] } = {};
  const number: { -readonly [K in keyof NumberConstraints]: NumberConstraints[K] } = {};
  const stringTags: ts.JSDocTag[] = [];
  const numberTags: ts.JSDocTag[] = [];
  for (const tag of declarations.flatMap((d) => ts.getJSDocTags(d))) {
    const name = tag.tagName.text;
    const text = (ts.getTextOfJSDocComment(tag.comment) ?? "").trim();
    const invalid = (what: string) =>
      sink.atNode(
        tag,
        DiagnosticCode.invalidConstraint,
        `\`@${name} ${text}\` at \`${path}\`: ${what}.`,
      );
    switch (name) {
      case "minLength":
      case "maxLength": {
        const n = Number(text);
        if (text === "" || !Number.isInteger(n) || n < 0)
          invalid("expected a non-negative integer");
        else string[name] = n;
        stringTags.push(tag);
        break;
      }
      case "pattern":
        if (isRegExp(text)) string.pattern = text;
        else invalid("expected a regular expression (without slashes), e.g. `^[a-z]+$`");
        stringTags.push(tag);
        break;
      case "format":
        if (isFormat(text)) string.format = text;
        else {
          sink.atNode(
            tag,
            DiagnosticCode.unknownFormat,
            `\`@format ${text}\` at \`${path}\` is not a known format. Write one of ${formats.join(", ")}, or a \`@pattern\`.`,
          );
        }
        stringTags.push(tag);
        break;
      case "minimum":
      case "maximum": {
        const n = Number(text);
        if (text === "" || !Number.isFinite(n)) invalid("expected a finite number");
        else number[name] = n;
        numberTags.push(tag);
        break;
      }
      case "integer":
        if (text === "" || text === "true") number.integer = true;
        else invalid("takes no value");
        numberTags.push(tag);
        break;
      case "asType":
        if (text === "integer") number.integer = true;
        else invalid("the only supported value is `integer`");
        numberTags.push(tag);
        break;
    }
  }
  return { string, number, stringTags, numberTags };
}

function isFormat(text: string): text is Format {
  return (formats as readonly string[]).includes(text);
}

function isRegExp(text: string): boolean {
  if (text === "") return false;
  try {
    new RegExp(text, "u");
    return true;
  } catch {
    return false;
  }
}
