import type { TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import type { Context, Site } from "./context.js";
import { findDiscriminator } from "./discriminator.js";
import { foldUnion } from "./fold-union.js";
import { flatten, isUserNode, sameTypes, unwrap } from "./nodes.js";

/**
 * A union. When the user wrote it (`Shape | null`), the members are visited as written, in
 * order, so aliases survive (`Shape` stays a reference). Otherwise the checker's flattened
 * members are used, with `false | true` folded back into `boolean` and a complete set of an
 * enum's members folded back into the enum.
 */
export function visitUnion(ctx: Context, type: ts.UnionType, site: Site): TypeNode {
  if (site.node !== undefined && ts.isUnionTypeNode(site.node)) {
    return visitUnionNodes(ctx, site.node.types, site.anchor);
  }
  return visitUnionMembers(ctx, type.types, site.anchor);
}

function visitUnionNodes(ctx: Context, nodes: readonly ts.TypeNode[], anchor: ts.Node): TypeNode {
  const types: ts.Type[] = [];
  const members: TypeNode[] = [];
  for (const written of nodes) {
    const node = unwrap(written) ?? written;
    const type = ctx.checker.getTypeFromTypeNode(node);
    types.push(type);
    members.push(ctx.visit(ctx, type, { node, anchor: isUserNode(ctx, node) ? node : anchor }));
  }
  return union(ctx, types, members);
}

function visitUnionMembers(ctx: Context, all: readonly ts.Type[], anchor: ts.Node): TypeNode {
  const types: ts.Type[] = [];
  const members: TypeNode[] = [];
  const folded = new Set<ts.Type>();
  for (const type of all) {
    if (folded.has(type)) continue;
    if (type.flags & ts.TypeFlags.BooleanLiteral && hasBoth(ctx, all)) {
      folded.add(ctx.checker.getTrueType()).add(ctx.checker.getFalseType());
      types.push(type);
      members.push({ kind: "boolean" });
      continue;
    }
    const enumType = completeEnum(ctx, type, all);
    if (enumType !== undefined) {
      for (const t of flatten(enumType)) folded.add(t);
      types.push(enumType);
      members.push(ctx.visit(ctx, enumType, { node: undefined, anchor }));
      continue;
    }
    types.push(type);
    members.push(ctx.visit(ctx, type, { node: undefined, anchor }));
  }
  return union(ctx, types, members);
}

function union(ctx: Context, types: readonly ts.Type[], written: readonly TypeNode[]): TypeNode {
  const members = foldUnion(written);
  const [only] = members;
  if (members.length === 1 && only !== undefined) return only;
  const discriminator = findDiscriminator(ctx.checker, types);
  return discriminator === undefined
    ? { kind: "union", members }
    : { kind: "union", members, discriminator };
}

function hasBoth(ctx: Context, all: readonly ts.Type[]): boolean {
  return all.includes(ctx.checker.getTrueType()) && all.includes(ctx.checker.getFalseType());
}

/** The enum type when `type` is a member of an enum whose members are all in `all`. */
function completeEnum(ctx: Context, type: ts.Type, all: readonly ts.Type[]): ts.Type | undefined {
  if (!(type.flags & ts.TypeFlags.EnumLiteral)) return undefined;
  const parent = type.symbol?.valueDeclaration?.parent;
  if (parent === undefined || !ts.isEnumDeclaration(parent)) return undefined;
  const enumSymbol = ctx.checker.getSymbolAtLocation(parent.name);
  if (enumSymbol === undefined) return undefined;
  const enumType = ctx.checker.getDeclaredTypeOfSymbol(enumSymbol);
  const members = flatten(enumType);
  return members.length > 1 && members.every((m) => all.includes(m)) ? enumType : undefined;
}

/**
 * The type of an optional property, parameter or tuple element: `T | undefined` is visited as
 * `T`, since optionality already says "may be absent" (and the checker adds `undefined` on its
 * own). The written node is stripped the same way so `shape?: Shape` still refers to `Shape`.
 * `void` goes with `undefined` here: TypeScript lets `{ deleted: undefined }` and `{}` be a
 * `{ deleted?: void }` and nothing else, so such a property is one that is always absent.
 */
export function visitWithoutUndefined(
  ctx: Context,
  type: ts.Type,
  node: ts.Node | undefined,
  parentAnchor: ts.Node,
): TypeNode {
  const all = flatten(type);
  const rest = all.filter((t) => !(t.flags & absent));
  const typeNode = node !== undefined && ts.isTypeNode(node) ? unwrap(node) : undefined;
  const anchor = node !== undefined && isUserNode(ctx, node) ? (typeNode ?? node) : parentAnchor;
  if (rest.length === all.length) {
    const matches = typeNode !== undefined && ctx.checker.getTypeFromTypeNode(typeNode) === type;
    return ctx.visit(ctx, type, { node: matches ? typeNode : undefined, anchor });
  }
  if (rest.length === 0) return { kind: "undefined" };
  if (typeNode !== undefined) {
    const written = ts.isUnionTypeNode(typeNode)
      ? typeNode.types.map((n) => unwrap(n) ?? n).filter((n) => !isUndefined(ctx, n))
      : [typeNode];
    const writtenTypes = written.map((n) => ctx.checker.getTypeFromTypeNode(n));
    const [single] = written;
    const [singleType] = writtenTypes;
    if (sameTypes(writtenTypes.flatMap(flatten), rest)) {
      if (single !== undefined && singleType !== undefined && written.length === 1) {
        return ctx.visit(ctx, singleType, {
          node: single,
          anchor: isUserNode(ctx, single) ? single : anchor,
        });
      }
      return visitUnionNodes(ctx, written, anchor);
    }
  }
  const [first] = rest;
  if (rest.length === 1 && first !== undefined)
    return ctx.visit(ctx, first, { node: undefined, anchor });
  return visitUnionMembers(ctx, rest, anchor);
}

/** What an optional position may hold besides its type: nothing. */
const absent = ts.TypeFlags.Undefined | ts.TypeFlags.Void;

function isUndefined(ctx: Context, node: ts.TypeNode): boolean {
  return (ctx.checker.getTypeFromTypeNode(node).flags & absent) !== 0;
}
