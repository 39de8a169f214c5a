import type { TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import { DiagnosticCode } from "../codes.js";
import type { Context, Site } from "./context.js";
import { type Refusal, refuse } from "./refuse.js";
import { stringMapping, visitTemplateLiteral } from "./visit-template.js";

const F = ts.TypeFlags;

/**
 * Intrinsic types that can never be data, in the order they are tested, each with the
 * diagnostic that says why and what to write instead.
 */
const refusals: readonly (Refusal & { readonly flags: ts.TypeFlags })[] = [
  {
    flags: F.BigIntLiteral,
    code: DiagnosticCode.unsupportedBigintLiteral,
    why: "is a bigint literal type, which the schema cannot express",
    instead: "Write `bigint` and check the value in the handler.",
  },
  {
    flags: F.Void,
    code: DiagnosticCode.unsupportedVoid,
    why: 'means "no value": in data it fits only a property or element that may be left out',
    instead:
      "Make the property optional (`deleted?: void` is a property that is always absent), write `undefined`, or use `Promise<void>` as a method's result.",
  },
  {
    flags: F.Never,
    code: DiagnosticCode.unsupportedNever,
    why: "has no values (it is `never`), so nothing could ever be sent",
    instead:
      "Check for an intersection of incompatible types or an over-narrowed union, or drop the property.",
  },
  {
    flags: F.ESSymbolLike,
    code: DiagnosticCode.unsupportedSymbol,
    why: "is a symbol: symbols are unique to one process and cannot be serialized",
    instead: "Write a `string` identifier instead.",
  },
  {
    flags: F.NonPrimitive,
    code: DiagnosticCode.unsupportedObject,
    why: "says nothing about the shape of the value, so it cannot be validated",
    instead:
      "Write an interface with the expected properties, or `Record<string, T>` for a dictionary.",
  },
  { flags: F.StringMapping, ...stringMapping },
  {
    flags: F.TypeParameter,
    code: DiagnosticCode.unsupportedType,
    why: "is a type parameter that is not bound to a concrete type here",
    instead: "Use the generic type with concrete arguments, e.g. `Page<Route>`.",
  },
  {
    flags: F.Index | F.IndexedAccess | F.Conditional | F.Substitution,
    code: DiagnosticCode.unsupportedType,
    why: "is a type operator that does not resolve to concrete data here",
    instead: "Write the resulting type out, or use it with concrete type arguments.",
  },
];

/**
 * Primitives, literals and the intrinsic types that can never be data. Returns undefined for
 * anything structured (unions, intersections, objects), which other visitors handle.
 */
export function visitPrimitive(ctx: Context, type: ts.Type, site: Site): TypeNode | undefined {
  const f = type.flags;
  if (f & F.Boolean) return { kind: "boolean" };
  if (f & F.String) return { kind: "string" };
  if (f & F.Number) return { kind: "number" };
  if (f & F.BigInt) return { kind: "bigint" };
  if (f & F.Null) return { kind: "null" };
  if (f & F.Undefined) return { kind: "undefined" };
  if (type.isStringLiteral() || type.isNumberLiteral())
    return { kind: "literal", value: type.value };
  if (f & F.BooleanLiteral) return { kind: "literal", value: type === ctx.checker.getTrueType() };
  if (f & F.TemplateLiteral) return visitTemplateLiteral(ctx, type as ts.TemplateLiteralType, site);
  for (const refusal of refusals) {
    if (f & refusal.flags) return refuse(ctx, type, site, refusal);
  }
  return undefined;
}

/**
 * `unknown` and `any` in a response become `{kind: "unknown"}`: a server may legitimately
 * return data of any shape (a stored JSON document), the client still checks it is a value the
 * codec can carry, and the interface already tells the caller to narrow it. In a request they
 * are refused: the server validates every argument before the handler runs, and "anything"
 * cannot be validated, so a typo or a hostile caller would reach the handler unchecked.
 */
export function visitAnyOrUnknown(
  ctx: Context,
  type: ts.Type,
  site: Site,
  which: "any" | "unknown",
): TypeNode {
  if (ctx.mode === "response") return { kind: "unknown" };
  return refuse(ctx, type, site, {
    code: which === "any" ? DiagnosticCode.anyInRequest : DiagnosticCode.unknownInRequest,
    why: `in a request cannot be validated: the server checks every argument before the handler runs, and \`${which}\` accepts anything (it is allowed in responses only)`,
    instead:
      "Describe the shape: an interface, a union, or `Record<string, T>` for a dictionary of values.",
  });
}

/**
 * The checker's error type: the name did not resolve (a missing import, a missing package, a
 * typo). TypeScript's own error is reported too, at the import or the name itself.
 */
export function visitUnresolved(ctx: Context, type: ts.Type, site: Site): TypeNode {
  return refuse(ctx, type, site, {
    code: DiagnosticCode.unresolvedType,
    why: "could not be resolved, so its shape is unknown (see the TypeScript error reported with it)",
    instead:
      "Fix the import path (with NodeNext resolution a relative import needs its `.js` extension), install the package that declares it, or declare the type.",
  });
}
