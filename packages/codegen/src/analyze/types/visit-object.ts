import type { Property, TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import { DiagnosticCode } from "../codes.js";
import { applyConstraints, docOf } from "../jsdoc.js";
import type { Context, Site } from "./context.js";
import { isUserNode, siteOf } from "./nodes.js";
import { isReadonly } from "./readonly.js";
import { refuse } from "./refuse.js";
import { hasSymbolKey, keyLabel, pathText, propertyStep, step } from "./trail.js";
import { visitWithoutUndefined } from "./visit-union.js";

/**
 * An object type: an interface body, a type literal, an intersection of objects (its merged
 * properties), or what a utility type (`Pick`, `Omit`, `Partial`...) resolves to. Properties
 * come from the checker in declaration order; an index signature (or `Record<string, V>`)
 * becomes `record` when there are no fixed properties, else `additional`. An index signature
 * of `never` (`Record<string, never>`, openapi-typescript's JSON `{}`) admits no key at all: a
 * `record` whose values are the empty union, which no value matches.
 */
export function visitObject(ctx: Context, type: ts.Type, site: Site): TypeNode {
  const { checker } = ctx;
  if (
    checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0 ||
    checker.getSignaturesOfType(type, ts.SignatureKind.Construct).length > 0
  ) {
    return refuseFunction(ctx, type, site);
  }
  const props = checker.getPropertiesOfType(type);
  const foreignMethods = methodsOfForeignType(ctx, type, props);
  if (foreignMethods.length > 0) {
    // One diagnostic for a package's class-like type, not one per method at the same spot.
    return refuse(ctx, type, site, {
      code: DiagnosticCode.unsupportedClass,
      why: `has methods (${list(foreignMethods)}): a value received from the wire is a plain object without them`,
      instead: "Declare an interface with the data fields you need and convert in your code.",
    });
  }
  const indexes = checker.getIndexInfosOfType(type);
  if (props.length === 0 && indexes.length === 0 && isAnonymous(type)) {
    return refuse(ctx, type, site, {
      code: DiagnosticCode.unsupportedEmptyObject,
      why: "is the empty object type, which TypeScript reads as any value but null and undefined, so it cannot be validated",
      instead:
        "Write an interface with the expected properties, `Record<string, T>` for a dictionary, or `undefined` for no value.",
    });
  }
  const properties = props.map((p) => visitProperty(ctx, type, p, site));
  let stringIndex: TypeNode | undefined;
  let numberIndex: TypeNode | undefined;
  for (const info of indexes) {
    const value = info.type.flags & ts.TypeFlags.Never ? never : visitIndexValue(ctx, info, site);
    if (info.keyType.flags & ts.TypeFlags.String) stringIndex = value;
    else if (info.keyType.flags & ts.TypeFlags.Number) numberIndex = value;
    else refuseIndex(ctx, info, site);
  }
  if (properties.length === 0 && stringIndex !== undefined) {
    return { kind: "record", key: "string", value: stringIndex };
  }
  if (properties.length === 0 && numberIndex !== undefined) {
    return { kind: "record", key: "number", value: numberIndex };
  }
  const additional = stringIndex ?? numberIndex;
  return additional === undefined
    ? { kind: "object", properties }
    : { kind: "object", properties, additional };
}

/** The value type of `Record<string, never>`: the empty union, `never`. */
const never: TypeNode = { kind: "union", members: [] };

function visitProperty(ctx: Context, owner: ts.Type, prop: ts.Symbol, site: Site): Property {
  const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
  const name = prop.name;
  const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
  const type = ctx.checker.getTypeOfSymbol(prop);
  const readonly = isReadonly(ctx.checker, prop, owner);
  if (hasSymbolKey(prop)) {
    const anchor =
      declaration !== undefined && isUserNode(ctx, declaration) ? declaration : site.anchor;
    // The key is the problem: its value is not walked, so the property is reported once.
    const refused = refuse(
      ctx,
      type,
      { node: undefined, anchor },
      {
        code: DiagnosticCode.unsupportedSymbol,
        subject: `\`${keyLabel(prop)}\``,
        why: "is a symbol key: symbols are unique to one process, and no codec carries symbol-keyed properties",
        instead: "Use a string key.",
      },
    );
    return { name, type: refused, optional, readonly };
  }
  // A method signature has no type node: the whole member is the type as written.
  const node = declaration === undefined ? undefined : (typeNodeOf(declaration) ?? declaration);
  const inner = step(ctx, propertyStep(prop), declaration);
  const visited = optional
    ? visitWithoutUndefined(inner, type, node, site.anchor)
    : inner.visit(inner, type, siteOf(ctx, type, node, site.anchor));
  const doc = docOf(prop, ctx.checker);
  const result: Property = {
    name,
    type: applyConstraints(visited, prop.declarations, ctx.sink, pathText(inner.trail)),
    optional,
    readonly,
  };
  return doc === undefined ? result : { ...result, doc };
}

function visitIndexValue(ctx: Context, info: ts.IndexInfo, site: Site): TypeNode {
  const node = info.declaration?.type;
  const key = info.keyType.flags & ts.TypeFlags.Number ? "[number]" : "[string]";
  const inner = step(ctx, key, info.declaration);
  return inner.visit(inner, info.type, siteOf(ctx, info.type, node, site.anchor));
}

function refuseIndex(ctx: Context, info: ts.IndexInfo, site: Site): void {
  const declaration = info.declaration;
  const anchor =
    declaration !== undefined && isUserNode(ctx, declaration) ? declaration : site.anchor;
  refuse(
    ctx,
    info.keyType,
    { node: undefined, anchor },
    {
      code: DiagnosticCode.unsupportedIndexSignature,
      why: "is an index signature whose key is neither `string` nor `number` (a symbol or a template pattern)",
      instead: "Use `[key: string]: T` (or `Record<string, T>`) and check the keys in the handler.",
    },
  );
}

export function refuseFunction(ctx: Context, type: ts.Type, site: Site): TypeNode {
  return refuse(ctx, type, site, {
    code: DiagnosticCode.unsupportedFunction,
    why: "is a function: code cannot be sent over the wire, only data",
    instead:
      "Send the data the function would work on, and make the operation another method of the service (a server stream can deliver callbacks such as progress updates).",
  });
}

/** Method members of a type declared outside the user's files (a package, the library). */
function methodsOfForeignType(ctx: Context, type: ts.Type, props: readonly ts.Symbol[]): string[] {
  // An intersection has no symbol of its own: its parts' declarations say where it comes from
  // (a package's `DecimalImpl & { [brand]: "Decimal" }`).
  const parts = type.isIntersection() ? type.types : [type];
  const declarations = parts.flatMap((part) => part.symbol?.declarations ?? []);
  if (declarations.length === 0 || declarations.some((d) => isUserNode(ctx, d))) return [];
  return props
    .filter((p) =>
      (p.declarations ?? []).some((d) => ts.isMethodSignature(d) || ts.isMethodDeclaration(d)),
    )
    .map(keyLabel);
}

function list(names: readonly string[]): string {
  return names.length > 4 ? `${names.slice(0, 4).join(", ")}, ...` : names.join(", ");
}

function typeNodeOf(declaration: ts.Declaration): ts.TypeNode | undefined {
  if (
    ts.isPropertySignature(declaration) ||
    ts.isPropertyDeclaration(declaration) ||
    ts.isParameter(declaration)
  ) {
    return declaration.type;
  }
  return undefined;
}

function isAnonymous(type: ts.Type): boolean {
  return (
    (type.flags & ts.TypeFlags.Object) !== 0 &&
    ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Anonymous) !== 0
  );
}
