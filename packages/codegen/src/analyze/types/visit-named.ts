import type { TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import { DiagnosticSink } from "../diagnostics.js";
import { applyConstraints, docOf } from "../jsdoc.js";
import { packageNameOf, relativePath } from "../paths.js";
import { type Context, refusedType, type Site } from "./context.js";
import { siteOf } from "./nodes.js";
import { keysText, type TypeArgument } from "./registry.js";
import { enterNamed, pathText } from "./trail.js";
import { visitArrayInterface } from "./visit-array-interface.js";
import { checkDataClass } from "./visit-class.js";
import { visitEnum } from "./visit-enum.js";
import { declaredTypeNode, detectIndexed, type IndexedOwner } from "./visit-indexed.js";
import { visitObject } from "./visit-object.js";

const S = ts.SymbolFlags;

/**
 * A type the user named: an interface, a type alias, an enum, a class with only fields, or the
 * property an indexed access type reaches (`components["schemas"]["simple-user"]`, see
 * visit-indexed.ts). Every one that is used becomes a NamedType, and every use of it a `ref`:
 * that is how shared and recursive types are expressed. Aliases from the standard library
 * (`Partial`, `Record`...) are not names the user chose, so they are inlined as the objects they
 * resolve to.
 */
export interface NamedCandidate {
  readonly kind: "alias" | "interface" | "class" | "enum" | "indexed";
  readonly key: string;
  /** The declaring symbol; for an indexed access, the property's. */
  readonly symbol: ts.Symbol;
  readonly declaration: ts.Declaration;
  readonly argTypes: readonly ts.Type[];
  readonly argNodes: readonly ts.TypeNode[];
  /** For an indexed access: the declared type it goes down from, which names it. */
  readonly owner?: IndexedOwner;
}

/**
 * The name a use of `type` refers to, if any. An indexed access comes last: when the type at
 * the property is itself an alias, an interface or an enum, that name is the one to share.
 */
export function detectNamed(ctx: Context, type: ts.Type, site: Site): NamedCandidate | undefined {
  return (
    aliasFromNode(ctx, type, site) ??
    aliasFromType(ctx, type, site) ??
    declared(ctx, type) ??
    detectIndexed(ctx, type, site)
  );
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

/**
 * Registers the named type (its body walked once per mode) and returns a reference to it. The
 * reference is recorded for {@link Context.reach} whether or not the body is walked now, so a
 * problem inside it is reported with every method that reaches it.
 */
export function visitNamed(
  ctx: Context,
  named: NamedCandidate,
  type: ts.Type,
  site: Site,
): TypeNode {
  if (named.kind === "class" && !checkDataClass(ctx, type, named.symbol, site)) return refusedType;
  const file = named.declaration.getSourceFile().fileName;
  // An indexed access is numbered with its owner (`components@2["schemas"]["user"]`).
  const info = {
    key: named.key,
    name: named.owner?.symbol.name ?? named.symbol.name,
    keys: named.owner?.keys ?? [],
    declaration: named.owner?.declaration ?? named.declaration,
    declaredIn: packageNameOf(file) ?? relativePath(ctx.outDir, file),
    doc: docOf(named.symbol, ctx.checker),
  };
  const owner = `${ctx.registry.id} ${named.key} ${ctx.mode}`;
  const inner = enterNamed(ctx, info.name + keysText(info.keys), named.declaration);
  const walk = () => body(inner, named, type, site);
  const args = () => spellArguments(ctx, named, site);
  if (ctx.silent) return ctx.registry.enter(info, ctx, args, walk);
  ctx.reach.refer(owner);
  return ctx.registry.enter(info, ctx, args, () => ctx.reach.within(owner, walk));
}

/**
 * The type arguments of a generic instantiation, to spell its id (`Page<Route>`). They are
 * walked silently: an argument matters only where the body uses it, and is reported there (a
 * default `{}` in `type Op<T extends {} = {}> = { id: string } & T` is not an error). One the
 * schema refuses is spelled as TypeScript prints it.
 */
function spellArguments(ctx: Context, named: NamedCandidate, site: Site): TypeArgument[] {
  return named.argTypes.map((t, i) => {
    const scratch = new DiagnosticSink();
    const quiet: Context = { ...ctx, sink: scratch, silent: true };
    const node = ctx.visit(quiet, t, siteOf(ctx, t, named.argNodes[i], site.anchor));
    return scratch.size === 0 ? node : { kind: "text", text: ctx.checker.typeToString(t) };
  });
}

function body(ctx: Context, named: NamedCandidate, type: ts.Type, site: Site): TypeNode {
  const at: Site = { node: undefined, anchor: site.anchor };
  switch (named.kind) {
    case "enum":
      return visitEnum(ctx, named.symbol);
    case "interface":
      return visitArrayInterface(ctx, type, named.symbol, at) ?? visitObject(ctx, type, at);
    case "class":
      return visitObject(ctx, type, at);
    case "alias": {
      const declaration = named.declaration;
      const node = ts.isTypeAliasDeclaration(declaration) ? declaration.type : undefined;
      const inner = ctx.visit(ctx, type, siteOf(ctx, type, node, site.anchor), named.key);
      return applyConstraints(inner, [declaration], ctx.sink, pathText(ctx.trail));
    }
    case "indexed": {
      // The property's own tags are left alone, as they were when its type was copied in place:
      // constraints belong to the property that uses the type (see visit-indexed.ts).
      const node = declaredTypeNode(named.declaration);
      return ctx.visit(ctx, type, siteOf(ctx, type, node, site.anchor), named.key);
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
