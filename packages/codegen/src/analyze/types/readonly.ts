import ts from "../../typescript.cjs";

/**
 * Whether a property is readonly. The checker keeps this in internal flags, so it is read from
 * what is public: a `readonly` modifier on the declaration, or the `readonly`/`-readonly`
 * modifier of the mapped type (`Readonly<T>`) the property comes from. An intersection's
 * property is readonly when it is readonly in a part that has it.
 */
export function isReadonly(checker: ts.TypeChecker, prop: ts.Symbol, owner: ts.Type): boolean {
  if (owner.isIntersection()) {
    return owner.types.some((part) => {
      const own = checker.getPropertyOfType(part, prop.name);
      return own !== undefined && isReadonly(checker, own, part);
    });
  }
  const modifier = mappedReadonlyModifier(owner);
  if (modifier !== undefined) return modifier;
  return (prop.declarations ?? []).some(
    (d) => (ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Readonly) !== 0,
  );
}

/** True for `readonly [K in ...]`/`+readonly`, false for `-readonly`, else undefined. */
function mappedReadonlyModifier(type: ts.Type): boolean | undefined {
  if (!(type.flags & ts.TypeFlags.Object)) return undefined;
  if (!((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Mapped)) return undefined;
  const declaration = type.symbol?.declarations?.[0];
  if (declaration === undefined || !ts.isMappedTypeNode(declaration)) return undefined;
  const token = declaration.readonlyToken;
  if (token === undefined) return undefined;
  return token.kind !== ts.SyntaxKind.MinusToken;
}
