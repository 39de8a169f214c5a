import ts from "../../typescript.cjs";
import type { Context, Site } from "./context.js";
import { flatten, unwrap } from "./nodes.js";
import type { NamedCandidate } from "./visit-named.js";

const F = ts.TypeFlags;

/**
 * An indexed access type (`components["schemas"]["simple-user"]`, as openapi-typescript writes
 * every `$ref`) names a type as surely as an alias does, but the checker keeps no trace of it:
 * the type is the anonymous literal declared at that property. Left unnamed, it is copied
 * wherever it is used (a GitHub service repeated one user object 113 times), so it becomes a
 * named type of its own, identified by the property it resolves to and spelled by the path of
 * declarations down to it: the declared type, then the keys (`["schemas"]["simple-user"]`).
 *
 * Only a plain, non-generic property declaration qualifies (in an interface, a class, or a type
 * literal nested in properties of one or of a type alias), so the path is a fixed place and the
 * type at it one type. And only a type with an object part and no string or number part: a
 * primitive gains nothing from a decoder function of its own, and constraint tags on the
 * property using it (`/** @maxLength 9 *\/ code: Codes["short"]`) must keep applying to it.
 */
export function detectIndexed(ctx: Context, type: ts.Type, site: Site): NamedCandidate | undefined {
  if (!worthNaming(ctx, type)) return undefined;
  const target = indexedProperty(ctx, type, site);
  if (target === undefined) return undefined;
  const { property, declaration } = target;
  const owner = ownerOf(ctx, declaration);
  if (owner === undefined) return undefined;
  const key = ctx.registry.keyOf(property, []);
  return { kind: "indexed", key, symbol: property, declaration, argTypes: [], argNodes: [], owner };
}

/**
 * The site of an indexed access left unnamed, with the property's declared type node in place
 * of the access: the types inside it keep their names (the element of an array declared
 * `components["schemas"]["user"][]`, the members of a union), as if written at the use. Only
 * for arrays, tuples and unions, whose parts can have names: anything else is reported, when
 * refused, as the access the user wrote.
 */
export function throughIndexed(ctx: Context, type: ts.Type, site: Site): Site {
  const { checker } = ctx;
  if (!type.isUnion() && !checker.isArrayType(type) && !checker.isTupleType(type)) return site;
  const declaration = indexedProperty(ctx, type, site)?.declaration;
  if (declaration === undefined) return site;
  const declared = unwrap(declaredTypeNode(declaration));
  if (declared === undefined || checker.getTypeFromTypeNode(declared) !== type) return site;
  return { node: declared, anchor: site.anchor };
}

/** The one declared property an indexed access written at `site` reads, with exactly its type. */
function indexedProperty(
  ctx: Context,
  type: ts.Type,
  site: Site,
): { readonly property: ts.Symbol; readonly declaration: ts.Declaration } | undefined {
  const node = unwrap(site.node);
  if (node === undefined || !ts.isIndexedAccessTypeNode(node)) return undefined;
  const { checker } = ctx;
  const index = checker.getTypeFromTypeNode(node.indexType);
  if (!index.isStringLiteral() && !index.isNumberLiteral()) return undefined;
  const objectType = checker.getTypeFromTypeNode(node.objectType);
  const property = checker.getPropertyOfType(objectType, String(index.value));
  // An instantiated, mapped or merged property is transient: its type is not the declared one.
  if (property === undefined || property.flags & ts.SymbolFlags.Transient) return undefined;
  const declaration = property.declarations?.[0];
  if (declaration === undefined || property.declarations?.length !== 1) return undefined;
  if (!ts.isPropertySignature(declaration) && !ts.isPropertyDeclaration(declaration)) {
    return undefined;
  }
  if (checker.getTypeOfSymbol(property) !== type) return undefined;
  return { property, declaration };
}

/** The declared type an indexed access goes down from, and the keys it goes down by. */
export interface IndexedOwner {
  readonly symbol: ts.Symbol;
  readonly declaration: ts.Declaration;
  readonly keys: readonly string[];
}

/**
 * Walks from a property declaration up through the type literals holding it to the declaration
 * that names them all: `components` and `["schemas", "simple-user"]`. Anything else on the way
 * (a union, an array, type parameters, the standard library) leaves the type unnamed.
 */
function ownerOf(ctx: Context, declaration: ts.Declaration): IndexedOwner | undefined {
  const keys: string[] = [];
  let current: ts.Node = declaration;
  for (;;) {
    if (!ts.isPropertySignature(current) && !ts.isPropertyDeclaration(current)) return undefined;
    const name = ctx.checker.getSymbolAtLocation(current.name)?.name;
    if (name === undefined || ts.isComputedPropertyName(current.name)) return undefined;
    keys.unshift(name);
    const parent: ts.Node = current.parent;
    if (ts.isTypeLiteralNode(parent)) {
      const holder = parent.parent;
      if (ts.isTypeAliasDeclaration(holder)) return root(ctx, holder, keys);
      current = holder;
      continue;
    }
    if (ts.isInterfaceDeclaration(parent) || ts.isClassDeclaration(parent)) {
      return root(ctx, parent, keys);
    }
    return undefined;
  }
}

function root(
  ctx: Context,
  holder: ts.InterfaceDeclaration | ts.ClassDeclaration | ts.TypeAliasDeclaration,
  keys: readonly string[],
): IndexedOwner | undefined {
  if (holder.name === undefined || (holder.typeParameters?.length ?? 0) > 0) return undefined;
  if (ctx.program.isSourceFileDefaultLibrary(holder.getSourceFile())) return undefined;
  const symbol = ctx.checker.getSymbolAtLocation(holder.name);
  // Named as the holder's own named type is, by its first declaration (interfaces merge).
  const declaration = symbol?.declarations?.[0];
  if (symbol === undefined || declaration === undefined) return undefined;
  return { symbol, declaration, keys };
}

/** An object part (not an array or tuple, which are cheap to check in place), no primitive. */
function worthNaming(ctx: Context, type: ts.Type): boolean {
  if (hasConstrainablePart(type)) return false;
  return flatten(type).some(
    (t) =>
      t.flags & F.Intersection ||
      (t.flags & F.Object && !ctx.checker.isArrayType(t) && !ctx.checker.isTupleType(t)),
  );
}

/** A string or number part, where a property's constraint tags would attach. */
function hasConstrainablePart(type: ts.Type): boolean {
  if (type.isUnionOrIntersection()) return type.types.some(hasConstrainablePart);
  return (type.flags & (F.StringLike | F.NumberLike)) !== 0;
}

/** The type node a property is declared with, if it is a property. */
export function declaredTypeNode(declaration: ts.Declaration): ts.TypeNode | undefined {
  return ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)
    ? declaration.type
    : undefined;
}
