import ts from "typescript";
import type { TypeNode } from "../../ir/schema.js";
import { DiagnosticCode } from "../codes.js";
import type { Context, Site } from "./context.js";
import { refuse } from "./refuse.js";
import { isLibObject } from "./visit-named.js";
import { visitObject } from "./visit-object.js";

/**
 * `A & B`: when every part is a plain object type the intersection is one object whose
 * properties the checker has already merged. Anything else (a branded primitive
 * `string & { __brand: "Id" }`, an object with a built-in) has no value the schema can describe.
 */
export function visitIntersection(ctx: Context, type: ts.IntersectionType, site: Site): TypeNode {
  if (type.types.every((part) => isObjectPart(ctx, part))) return visitObject(ctx, type, site);
  return refuse(ctx, type, site, {
    code: DiagnosticCode.unsupportedIntersection,
    why: "is an intersection that does not reduce to one object (a branded primitive, or an object combined with a primitive or a built-in)",
    instead:
      "Write the plain type (e.g. `string`, with a JSDoc `@pattern` or `@format` for the check the brand stood for), or intersect object types only.",
  });
}

function isObjectPart(ctx: Context, part: ts.Type): boolean {
  if (!(part.flags & ts.TypeFlags.Object)) return false;
  if (ctx.checker.isArrayType(part) || ctx.checker.isTupleType(part)) return false;
  return !isLibObject(ctx, part);
}
