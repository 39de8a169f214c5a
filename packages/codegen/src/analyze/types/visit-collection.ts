import type { TupleElement, TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import { DiagnosticCode } from "../codes.js";
import type { Context, Site } from "./context.js";
import { siteOf, typeArgumentNodes, unwrap } from "./nodes.js";
import { refuse } from "./refuse.js";
import { step } from "./trail.js";
import { visitWithoutUndefined } from "./visit-union.js";

/** `T[]`, `Array<T>`, `readonly T[]` and `ReadonlyArray<T>` alike. */
export function visitArray(ctx: Context, type: ts.TypeReference, site: Site): TypeNode {
  const [element] = ctx.checker.getTypeArguments(type);
  if (element === undefined) return { kind: "array", element: { kind: "unknown" } };
  const node = arrayElementNode(site.node);
  const inner = step(ctx, "[number]");
  return {
    kind: "array",
    element: inner.visit(inner, element, siteOf(ctx, element, node, site.anchor)),
  };
}

function arrayElementNode(written: ts.TypeNode | undefined): ts.TypeNode | undefined {
  let node = unwrap(written);
  if (node !== undefined && ts.isTypeOperatorNode(node)) node = unwrap(node.type);
  if (node === undefined) return undefined;
  if (ts.isArrayTypeNode(node)) return node.elementType;
  return typeArgumentNodes(node)[0];
}

/**
 * Tuples with required, optional (`[a: string, b?: number]`) and rest (`[string, ...number[]]`)
 * elements, keeping element names. A variadic element that is still generic is refused.
 */
export function visitTuple(ctx: Context, type: ts.TupleTypeReference, site: Site): TypeNode {
  const target = type.target;
  const args = ctx.checker.getTypeArguments(type);
  const nodes = tupleElementNodes(site.node, args.length);
  const elements: TupleElement[] = args.map((arg, i) => {
    const flags = target.elementFlags[i] ?? ts.ElementFlags.Required;
    const node = nodes[i];
    const inner = step(
      ctx,
      flags & (ts.ElementFlags.Rest | ts.ElementFlags.Variadic) ? "[number]" : `[${i}]`,
    );
    if (flags & ts.ElementFlags.Variadic) {
      const type = refuse(inner, arg, siteOf(ctx, arg, node, site.anchor), {
        code: DiagnosticCode.unsupportedTuple,
        why: "is a variadic tuple element that does not resolve to an array",
        instead: "Write the elements out, or use a rest element `...T[]`.",
      });
      return { type, optional: false, rest: true };
    }
    const optional = (flags & ts.ElementFlags.Optional) !== 0;
    const rest = (flags & ts.ElementFlags.Rest) !== 0;
    const visited = optional
      ? visitWithoutUndefined(inner, arg, node, site.anchor)
      : inner.visit(inner, arg, siteOf(ctx, arg, node, site.anchor));
    const label = target.labeledElementDeclarations?.[i]?.name;
    const element: TupleElement = { type: visited, optional, rest };
    return label !== undefined && ts.isIdentifier(label)
      ? { ...element, name: label.text }
      : element;
  });
  return { kind: "tuple", elements };
}

/** The written node of each element's type (for a rest element, of its element type). */
function tupleElementNodes(
  written: ts.TypeNode | undefined,
  count: number,
): (ts.TypeNode | undefined)[] {
  let node = unwrap(written);
  if (node !== undefined && ts.isTypeOperatorNode(node)) node = unwrap(node.type);
  if (node === undefined || !ts.isTupleTypeNode(node) || node.elements.length !== count) return [];
  return node.elements.map((element) => {
    let inner: ts.TypeNode = element;
    let rest = false;
    if (ts.isNamedTupleMember(inner)) {
      rest = inner.dotDotDotToken !== undefined;
      inner = inner.type;
    }
    if (ts.isOptionalTypeNode(inner)) inner = inner.type;
    if (ts.isRestTypeNode(inner)) {
      rest = true;
      inner = inner.type;
    }
    return rest ? arrayElementNode(inner) : inner;
  });
}

/** `Map<K, V>` and `ReadonlyMap<K, V>`. */
export function visitMap(ctx: Context, type: ts.TypeReference, site: Site): TypeNode {
  const [key, value] = visitArguments(ctx, type, site, ["<key>", "<value>"]);
  return { kind: "map", key: key ?? { kind: "unknown" }, value: value ?? { kind: "unknown" } };
}

/** `Set<T>` and `ReadonlySet<T>`. */
export function visitSet(ctx: Context, type: ts.TypeReference, site: Site): TypeNode {
  const [element] = visitArguments(ctx, type, site, ["<element>"]);
  return { kind: "set", element: element ?? { kind: "unknown" } };
}

/** The type arguments of a Map or Set; `steps` names each in the trail (`<key>`). */
function visitArguments(
  ctx: Context,
  type: ts.TypeReference,
  site: Site,
  steps: readonly string[],
): TypeNode[] {
  const nodes = typeArgumentNodes(site.node);
  return ctx.checker
    .getTypeArguments(type)
    .slice(0, steps.length)
    .map((arg, i) => {
      const inner = step(ctx, steps[i] ?? "");
      return inner.visit(inner, arg, siteOf(ctx, arg, nodes[i], site.anchor));
    });
}
