import type { TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import { DiagnosticCode } from "../codes.js";
import type { DiagnosticSink } from "../diagnostics.js";
import type { Reach } from "../reach.js";
import type { Context, Mode, Site } from "./context.js";
import { refuse } from "./refuse.js";
import type { NamedRegistry } from "./registry.js";
import { rootTrail } from "./trail.js";
import { visitBuiltin } from "./visit-builtin.js";
import { visitArray, visitTuple } from "./visit-collection.js";
import { throughIndexed } from "./visit-indexed.js";
import { visitIntersection } from "./visit-intersection.js";
import { detectNamed, isLibObject, visitNamed } from "./visit-named.js";
import { visitObject } from "./visit-object.js";
import { visitAnyOrUnknown, visitPrimitive, visitUnresolved } from "./visit-primitive.js";
import { visitUnion } from "./visit-union.js";

/**
 * How deep a walk may nest before it is stopped. Real data is far shallower; this catches a
 * generic type that grows with every step (`type Grow<T> = { next: Grow<T[]> }`).
 */
const maxDepth = 200;

/**
 * The one entry point of the type walk, dispatching per kind (in the manner of typia's
 * per-kind metadata visitors). The order matters: `any` and the error type first (they carry
 * no structure), names before structure (so a named union becomes a reference, not a copy),
 * `boolean` before unions (to the checker it is `false | true`).
 */
export function visitType(ctx: Context, type: ts.Type, site: Site, skipKey?: string): TypeNode {
  if (ctx.depth.value >= maxDepth) {
    return refuse(ctx, type, site, {
      code: DiagnosticCode.recursionLimit,
      why: `nests more than ${maxDepth} levels deep, which usually means a generic type that expands forever`,
      instead:
        "Break the expansion with a named, non-generic recursive type (e.g. `interface Node { children: Node[] }`).",
    });
  }
  ctx.depth.value++;
  try {
    return dispatch(ctx, type, site, skipKey);
  } finally {
    ctx.depth.value--;
  }
}

function dispatch(ctx: Context, type: ts.Type, site: Site, skipKey: string | undefined): TypeNode {
  const f = type.flags;
  if (f & ts.TypeFlags.Any) {
    // The error type is `any` to the checker, but not the `any` the user wrote.
    if (type !== ctx.checker.getAnyType()) return visitUnresolved(ctx, type, site);
    return visitAnyOrUnknown(ctx, type, site, "any");
  }
  if (f & ts.TypeFlags.Unknown) return visitAnyOrUnknown(ctx, type, site, "unknown");
  const named = detectNamed(ctx, type, site);
  if (named !== undefined && named.key !== skipKey) return visitNamed(ctx, named, type, site);
  return visitStructure(ctx, type, throughIndexed(ctx, type, site));
}

function visitStructure(ctx: Context, type: ts.Type, site: Site): TypeNode {
  const primitive = visitPrimitive(ctx, type, site);
  if (primitive !== undefined) return primitive;
  if (type.isUnion()) return visitUnion(ctx, type, site);
  if (type.isIntersection()) return visitIntersection(ctx, type, site);
  if (type.flags & ts.TypeFlags.Object) return visitObjectType(ctx, type, site);
  return refuse(ctx, type, site, {
    code: DiagnosticCode.unsupportedType,
    why: "is not a data type the schema can describe",
    instead: "Use strings, numbers, booleans, arrays, interfaces and unions of them.",
  });
}

function visitObjectType(ctx: Context, type: ts.Type, site: Site): TypeNode {
  if (ctx.checker.isTupleType(type)) return visitTuple(ctx, type as ts.TupleTypeReference, site);
  if (ctx.checker.isArrayType(type)) return visitArray(ctx, type as ts.TypeReference, site);
  if (isLibObject(ctx, type)) return visitBuiltin(ctx, type, site);
  return visitObject(ctx, type, site);
}

/** A fresh context for one schema and one side of a call. */
export function createContext(options: {
  checker: ts.TypeChecker;
  program: ts.Program;
  sink: DiagnosticSink;
  reach: Reach;
  registry: NamedRegistry;
  outDir: string;
  cwd: string;
  mode: Mode;
}): Context {
  return {
    ...options,
    depth: { value: 0 },
    trail: rootTrail(""),
    silent: false,
    visit: visitType,
  };
}
