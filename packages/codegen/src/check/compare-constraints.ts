import type { NumberConstraints, StringConstraints, TypeNode } from "../ir/schema.js";
import type { At, TypeComparer } from "./compare-types.js";
import { siteLabel } from "./findings.js";

type Constrained = Extract<TypeNode, { kind: "string" | "number" }>;

/**
 * Compares the JSDoc constraints of a string or number. Tighter in a request refuses values
 * existing clients send; looser in a response lets the server send values existing clients
 * refuse. The other two directions are safe.
 */
export function compareConstraints(
  comparer: TypeComparer,
  a: Constrained,
  b: Constrained,
  at: At,
): void {
  const { tightened, loosened } =
    a.kind === "string"
      ? stringChanges(a.constraints ?? {}, (b as typeof a).constraints ?? {})
      : numberChanges(a.constraints ?? {}, (b as typeof a).constraints ?? {});
  const label = siteLabel(at.site);
  if (tightened.length > 0) {
    comparer.report(
      at.dir === "request" ? "constraint-tightened-in-request" : "constraint-tightened-in-response",
      at,
      `${label}: ${tightened.join(", ")}${at.dir === "request" ? ": values existing clients send may be refused" : ""}`,
    );
  }
  if (loosened.length > 0) {
    comparer.report(
      at.dir === "response" ? "constraint-loosened-in-response" : "constraint-loosened-in-request",
      at,
      `${label}: ${loosened.join(", ")}${at.dir === "response" ? ": existing clients may refuse what the server sends" : ""}`,
    );
  }
}

interface Changes {
  readonly tightened: string[];
  readonly loosened: string[];
}

function stringChanges(a: StringConstraints, b: StringConstraints): Changes {
  const changes: Changes = { tightened: [], loosened: [] };
  lowerBound(changes, "minLength", a.minLength, b.minLength);
  upperBound(changes, "maxLength", a.maxLength, b.maxLength);
  exact(changes, "pattern", a.pattern, b.pattern);
  exact(changes, "format", a.format, b.format);
  return changes;
}

function numberChanges(a: NumberConstraints, b: NumberConstraints): Changes {
  const changes: Changes = { tightened: [], loosened: [] };
  lowerBound(changes, "minimum", a.minimum, b.minimum);
  upperBound(changes, "maximum", a.maximum, b.maximum);
  if (a.integer !== true && b.integer === true) changes.tightened.push("@integer added");
  if (a.integer === true && b.integer !== true) changes.loosened.push("@integer removed");
  return changes;
}

function lowerBound(c: Changes, tag: string, a: number | undefined, b: number | undefined): void {
  if (a === b) return;
  if (b !== undefined && (a === undefined || b > a)) c.tightened.push(`@${tag} ${show(a)} -> ${b}`);
  else c.loosened.push(`@${tag} ${show(a)} -> ${show(b)}`);
}

function upperBound(c: Changes, tag: string, a: number | undefined, b: number | undefined): void {
  if (a === b) return;
  if (b !== undefined && (a === undefined || b < a)) c.tightened.push(`@${tag} ${show(a)} -> ${b}`);
  else c.loosened.push(`@${tag} ${show(a)} -> ${show(b)}`);
}

/** A pattern or format that changed may refuse old values and allow new ones: both. */
function exact(c: Changes, tag: string, a: string | undefined, b: string | undefined): void {
  if (a === b) return;
  const text = `@${tag} ${show(a)} -> ${show(b)}`;
  if (b !== undefined) c.tightened.push(text);
  if (a !== undefined) c.loosened.push(text);
}

function show(value: string | number | undefined): string {
  return value === undefined ? "(none)" : String(value);
}
