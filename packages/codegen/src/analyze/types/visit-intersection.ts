import type { TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import { DiagnosticCode } from "../codes.js";
import type { Context, Site } from "./context.js";
import { siteOf, unwrap } from "./nodes.js";
import { refuse } from "./refuse.js";
import { step } from "./trail.js";
import { isLibObject } from "./visit-named.js";
import { visitObject } from "./visit-object.js";

const F = ts.TypeFlags;

/** Primitive types a brand can be put on: their values are what travels. */
const brandable = F.StringLike | F.NumberLike | F.BigIntLike | F.BooleanLike | F.EnumLike;

/**
 * `A & B`:
 * - every part a plain object type: one object whose properties the checker has already merged
 *   (`User & Timestamps`; `{ id: string } & {}` is `{ id: string }`);
 * - one primitive part and object parts: a branded primitive (`string & { __brand: "UserId" }`,
 *   `string & { [tag]: true }`), or the "open union" idiom `(string & {}) | "gpt-4"` that keeps
 *   editor completions. On the wire it is the primitive: the object parts exist only for the
 *   compiler, so they are erased and the value decoded as the primitive (typed, through the
 *   service interface, as the branded type);
 * - every part an array (`Label[] & (Record<string, unknown> | null)[]`, as OpenAPI generators
 *   write `allOf` over arrays): an array of what an element of each is, the intersection of the
 *   element types (here `Label & Record<string, unknown>`), as the checker reads `x[0]`;
 * - anything else (`Date & { zone: string }`, an array with properties) is refused.
 */
export function visitIntersection(ctx: Context, type: ts.IntersectionType, site: Site): TypeNode {
  const objects = type.types.filter((part) => isObjectPart(ctx, part));
  if (objects.length === type.types.length) return visitObject(ctx, type, site);
  const arrays = visitArrays(ctx, type, site);
  if (arrays !== undefined) return arrays;
  const others = type.types.filter((part) => !objects.includes(part));
  const [base] = others;
  if (others.length === 1 && base !== undefined && base.flags & brandable) {
    if (objects.every((part) => isBrand(ctx, part))) {
      return ctx.visit(ctx, base, siteOf(ctx, base, partNode(ctx, site, base), site.anchor));
    }
  }
  return refuse(ctx, type, site, {
    code: DiagnosticCode.unsupportedIntersection,
    why: "is an intersection that is neither one object nor a branded primitive (it combines an object with a built-in such as `Date`, an array, or a function)",
    instead:
      "Send the plain type and the extra fields side by side (e.g. `{ at: Date; zone: string }`), or intersect object types only.",
  });
}

function isObjectPart(ctx: Context, part: ts.Type): boolean {
  if (!(part.flags & F.Object)) return false;
  if (ctx.checker.isArrayType(part) || ctx.checker.isTupleType(part)) return false;
  return !isLibObject(ctx, part);
}

/** An object part erased from a branded primitive: anything without call signatures. */
function isBrand(ctx: Context, part: ts.Type): boolean {
  return (
    ctx.checker.getSignaturesOfType(part, ts.SignatureKind.Call).length === 0 &&
    ctx.checker.getSignaturesOfType(part, ts.SignatureKind.Construct).length === 0
  );
}

/** The written node of one part of an intersection, so an alias used there stays named. */
function partNode(ctx: Context, site: Site, part: ts.Type): ts.TypeNode | undefined {
  const node = unwrap(site.node);
  if (node === undefined || !ts.isIntersectionTypeNode(node)) return undefined;
  return node.types.find((n) => ctx.checker.getTypeFromTypeNode(unwrap(n) ?? n) === part);
}

function visitArrays(ctx: Context, type: ts.IntersectionType, site: Site): TypeNode | undefined {
  if (!type.types.every((part) => ctx.checker.isArrayType(part))) return undefined;
  const element = ctx.checker.getIndexTypeOfType(type, ts.IndexKind.Number);
  if (element === undefined) return undefined;
  const inner = step(ctx, "[number]");
  return {
    kind: "array",
    element: inner.visit(inner, element, { node: undefined, anchor: site.anchor }),
  };
}
