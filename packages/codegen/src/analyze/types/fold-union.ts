import type { TypeNode } from "../../ir/schema.js";
import { escapeText } from "./visit-template.js";

/**
 * Simplifies the members of a union the way TypeScript reads it, where the written members
 * overlap:
 * - a plain `string` absorbs string literals and template literals: the open-union idiom
 *   `(string & {}) | "gpt-4" | "gpt-4o"` (written so editors still complete the literals) is a
 *   string; the same for `number` and number literals;
 * - template literals, with the string literals beside them, become one string whose pattern
 *   has an alternative per member (`` `a-${string}` | "b" `` matches `^(?:a-[\s\S]*|b)$`), so a
 *   value must match one of them, not all;
 * - `true` and `false` are `boolean` (a branded boolean reaches here as the two literals).
 * Members keep their order; a merged member takes the place of the first it replaces.
 */
export function foldUnion(members: readonly TypeNode[]): TypeNode[] {
  let result = [...members];
  if (result.some(isPlainString)) result = absorb(result, "string", isStringish);
  if (result.some((m) => m.kind === "number" && m.constraints === undefined)) {
    result = absorb(result, "number", (m) => m.kind === "literal" && typeof m.value === "number");
  }
  if (result.filter(isPattern).length > 0 && result.filter(isStringish).length > 1) {
    result = mergePatterns(result);
  }
  if (hasLiteral(result, true) && hasLiteral(result, false)) {
    result = replace(result, (m) => m.kind === "literal" && typeof m.value === "boolean", {
      kind: "boolean",
    });
  }
  return result;
}

/** Keeps the first plain `kind` member in place of every member `absorbed` selects. */
function absorb(
  members: readonly TypeNode[],
  kind: "string" | "number",
  absorbed: (m: TypeNode) => boolean,
): TypeNode[] {
  return replace(members, (m) => absorbed(m) || (m.kind === kind && m.constraints === undefined), {
    kind,
  });
}

function mergePatterns(members: readonly TypeNode[]): TypeNode[] {
  const alternatives = members.filter(isStringish).map((m) => {
    if (m.kind === "literal") return escapeText(String(m.value));
    const pattern = m.kind === "string" ? (m.constraints?.pattern ?? "") : "";
    // Template patterns are written `^...$` by visit-template.ts.
    return pattern.slice(1, -1);
  });
  const pattern = `^(?:${alternatives.join("|")})$`;
  return replace(members, isStringish, { kind: "string", constraints: { pattern } });
}

/** `members` with every one `selected` removed and `by` in place of the first of them. */
function replace(
  members: readonly TypeNode[],
  selected: (m: TypeNode) => boolean,
  by: TypeNode,
): TypeNode[] {
  const at = members.findIndex(selected);
  return members.flatMap((m, i) => (i === at ? [by] : selected(m) ? [] : [m]));
}

function isPlainString(m: TypeNode): boolean {
  return m.kind === "string" && m.constraints === undefined;
}

/** A template literal's string: a pattern and nothing else, anchored (see visit-template.ts). */
function isPattern(m: TypeNode): boolean {
  if (m.kind !== "string" || m.constraints === undefined) return false;
  const { pattern, ...others } = m.constraints;
  return (
    pattern !== undefined &&
    Object.keys(others).length === 0 &&
    pattern.startsWith("^") &&
    pattern.endsWith("$")
  );
}

function isStringish(m: TypeNode): boolean {
  return (m.kind === "literal" && typeof m.value === "string") || isPattern(m);
}

function hasLiteral(members: readonly TypeNode[], value: boolean): boolean {
  return members.some((m) => m.kind === "literal" && m.value === value);
}
