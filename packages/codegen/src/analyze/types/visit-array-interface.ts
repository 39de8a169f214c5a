import type { TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import { DiagnosticCode } from "../codes.js";
import type { Context, Site } from "./context.js";
import { refuse } from "./refuse.js";
import { keyLabel, step } from "./trail.js";
import { isLibSymbol } from "./visit-named.js";

/**
 * `interface Scores extends Array<number> {}` (or `ReadonlyArray`): an array, since every member
 * it has is the array's own. Returns undefined for an interface that does not extend an array;
 * one that adds members of its own is refused, since only the elements of an array travel.
 */
export function visitArrayInterface(
  ctx: Context,
  type: ts.Type,
  symbol: ts.Symbol,
  site: Site,
): TypeNode | undefined {
  const declared = ctx.checker.getDeclaredTypeOfSymbol(symbol);
  if (!(declared.flags & ts.TypeFlags.Object)) return undefined;
  const bases = ctx.checker.getBaseTypes(declared as ts.InterfaceType);
  if (!bases.some((base) => ctx.checker.isArrayType(base))) return undefined;
  const own = ctx.checker.getPropertiesOfType(type).filter((prop) => !isLibSymbol(ctx, prop));
  if (own.length > 0) {
    return refuse(ctx, type, site, {
      code: DiagnosticCode.unsupportedType,
      why: `is an array with members of its own (${own.map(keyLabel).join(", ")}): only an array's elements travel, so they would be lost`,
      instead:
        "Send an object holding the array and the other fields, e.g. `{ items: number[]; total: number }`.",
    });
  }
  const element = ctx.checker
    .getIndexInfosOfType(type)
    .find((info) => info.keyType.flags & ts.TypeFlags.Number)?.type;
  if (element === undefined) return undefined;
  const inner = step(ctx, "[number]");
  return {
    kind: "array",
    element: inner.visit(inner, element, { node: undefined, anchor: site.anchor }),
  };
}
