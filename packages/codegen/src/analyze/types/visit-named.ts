import ts from "typescript";
import type { TypeNode } from "../../ir/schema.js";
import { applyConstraints, docOf } from "../jsdoc.js";
import { packageNameOf, relativePath } from "../paths.js";
import { type Context, refusedType, type Site } from "./context.js";
import { siteOf } from "./nodes.js";
import { checkDataClass } from "./visit-class.js";
import { visitEnum } from "./visit-enum.js";
import { visitObject } from "./visit-object.js";

const S = ts.SymbolFlags;

/**
 * A type the user named: an interface, a type alias, an enum, or a class with only fields.
 * Every one that is used becomes a NamedType, and every use of it a `ref`: that is how shared
 * and recursive types are expressed. Aliases from the standard library (`Partial`, `Record`...)
 * are not names the user chose, so they are inlined as the objects they resolve to.
 */
export interface NamedCandidate {
  readonly kind: "alias" | "interface" | "class" | "enum";
  readonly key: string;
  readonly symbol: ts.Symbol;
  readonly declaration: ts.Declaration;
  readonly argTypes: readonly ts.Type[];
  readonly argNodes: readonly ts.TypeNode[];
}

export function detectNamed(ctx: Context, type: ts.Type, site: Site): NamedCandidate | undefined {
  return aliasFromNode(ctx, type, site) ?? aliasFromType(ctx, type, site) ?? declared(ctx, type);
}

/** `type UserId = string` leaves no trace on `string`: only the written reference knows. */
function aliasFromNode(ctx: Context, type: ts.Type, site: Site): NamedCandidate | undefined {
  const node = site.node;
  if (node === undefined || !ts.isTypeReferenceNode(node)) return undefined;
  const symbol = resolveAlias(ctx, ctx.checker.getSymbolAtLocation(node.typeName));
  if (symbol === undefined || !(symbol.flags & S.TypeAlias) || isLibSymbol(ctx, symbol)) {
    return undefined;
  }
  const argTypes =
    type.aliasSymbol === symbol
      ? (type.aliasTypeArguments ?? [])
      : (node.typeArguments ?? []).map((n) => ctx.checker.getTypeFromTypeNode(n));
  return candidate(ctx, "alias", symbol, argTypes, node.typeArguments ?? []);
}

function aliasFromType(ctx: Context, type: ts.Type, site: Site): NamedCandidate | undefined {
  const symbol = type.aliasSymbol;
  if (symbol === undefined || !(symbol.flags & S.TypeAlias) || isLibSymbol(ctx, symbol)) {
    return undefined;
  }
  const argNodes =
    site.node !== undefined && ts.isTypeReferenceNode(site.node) ? site.node.typeArguments : [];
  return candidate(ctx, "alias", symbol, type.aliasTypeArguments ?? [], argNodes ?? []);
}

/** Enums, interfaces and classes: the type itself carries the declaring symbol. */
function declared(ctx: Context, type: ts.Type): NamedCandidate | undefined {
  const symbol = type.symbol as ts.Symbol | undefined;
  if (symbol === undefined || isLibSymbol(ctx, symbol)) return undefined;
  if (symbol.flags & S.Enum && type.flags & (ts.TypeFlags.EnumLike | ts.TypeFlags.Union)) {
    return candidate(ctx, "enum", symbol, [], []);
  }
  if (symbol.flags & S.EnumMember) {
    // The one member of a single-member enum is the enum type itself.
    const parent = symbol.valueDeclaration?.parent;
    if (parent !== undefined && ts.isEnumDeclaration(parent) && parent.members.length === 1) {
      const enumSymbol = ctx.checker.getSymbolAtLocation(parent.name);
      if (enumSymbol !== undefined) return candidate(ctx, "enum", enumSymbol, [], []);
    }
    return undefined;
  }
  if (!(type.flags & ts.TypeFlags.Object) || !(symbol.flags & (S.Interface | S.Class))) {
    return undefined;
  }
  if (ctx.checker.isArrayType(type) || ctx.checker.isTupleType(type)) return undefined;
  const kind = symbol.flags & S.Class ? "class" : "interface";
  const objectFlags = (type as ts.ObjectType).objectFlags;
  if (!(objectFlags & ts.ObjectFlags.Reference)) return candidate(ctx, kind, symbol, [], []);
  const reference = type as ts.TypeReference;
  const count = (reference.target as ts.InterfaceType).typeParameters?.length ?? 0;
  const args = ctx.checker.getTypeArguments(reference).slice(0, count);
  return candidate(ctx, kind, symbol, args, []);
}

function candidate(
  ctx: Context,
  kind: NamedCandidate["kind"],
  symbol: ts.Symbol,
  argTypes: readonly ts.Type[],
  argNodes: readonly ts.TypeNode[],
): NamedCandidate | undefined {
  const declaration = symbol.declarations?.[0];
  if (declaration === undefined) return undefined;
  const key = ctx.registry.keyOf(symbol, argTypes);
  return { kind, key, symbol, declaration, argTypes, argNodes };
}

/** Registers the named type (once per mode) and returns a reference to it. */
export function visitNamed(
  ctx: Context,
  named: NamedCandidate,
  type: ts.Type,
  site: Site,
): TypeNode {
  if (named.kind === "class" && !checkDataClass(ctx, type, named.symbol, site)) return refusedType;
  const file = named.declaration.getSourceFile().fileName;
  const info = {
    key: named.key,
    name: named.symbol.name,
    declaration: named.declaration,
    declaredIn: packageNameOf(file) ?? relativePath(ctx.outDir, file),
    doc: docOf(named.symbol, ctx.checker),
  };
  const args = () =>
    named.argTypes.map((t, i) => ctx.visit(ctx, t, siteOf(ctx, t, named.argNodes[i], site.anchor)));
  return ctx.registry.enter(info, ctx.mode, args, () => body(ctx, named, type, site));
}

function body(ctx: Context, named: NamedCandidate, type: ts.Type, site: Site): TypeNode {
  switch (named.kind) {
    case "enum":
      return visitEnum(ctx, named.symbol);
    case "interface":
    case "class":
      return visitObject(ctx, type, { node: undefined, anchor: site.anchor });
    case "alias": {
      const declaration = named.declaration;
      const node = ts.isTypeAliasDeclaration(declaration) ? declaration.type : undefined;
      const inner = ctx.visit(ctx, type, siteOf(ctx, type, node, site.anchor), named.key);
      return applyConstraints(inner, [declaration], ctx.sink);
    }
  }
}

function resolveAlias(ctx: Context, symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  if (symbol === undefined || !(symbol.flags & S.Alias)) return symbol;
  return ctx.checker.getAliasedSymbol(symbol);
}

/** Declared in TypeScript's standard library (`Date`, `Map`, `Partial`...). */
export function isLibSymbol(ctx: Context, symbol: ts.Symbol | undefined): boolean {
  return (
    symbol?.declarations?.some((d) => ctx.program.isSourceFileDefaultLibrary(d.getSourceFile())) ??
    false
  );
}

/** A library interface or class (`Date`, `Map`), as opposed to a library alias like `Partial`. */
export function isLibObject(ctx: Context, type: ts.Type): boolean {
  const symbol = type.symbol as ts.Symbol | undefined;
  return (
    symbol !== undefined &&
    (symbol.flags & (S.Interface | S.Class)) !== 0 &&
    isLibSymbol(ctx, symbol)
  );
}
