import ts from "../../typescript.cjs";

/**
 * The discriminating property of a union, as the validators and `switch` statements use it:
 * every member is an object with a required property of that name whose type is one literal
 * (string, number, boolean or enum member), and no two members share a value. When several
 * properties qualify, the first in the first member's declaration order wins.
 */
export function findDiscriminator(
  checker: ts.TypeChecker,
  members: readonly ts.Type[],
): string | undefined {
  const [first] = members;
  if (first === undefined || members.length < 2) return undefined;
  if (!members.every((m) => isPlainObject(checker, m))) return undefined;
  for (const candidate of checker.getPropertiesOfType(first)) {
    const values = new Set<string>();
    for (const member of members) {
      const prop = checker.getPropertyOfType(member, candidate.name);
      if (prop === undefined || prop.flags & ts.SymbolFlags.Optional) break;
      const value = literalKey(checker, checker.getTypeOfSymbol(prop));
      if (value === undefined || values.has(value)) break;
      values.add(value);
    }
    if (values.size === members.length) return candidate.name;
  }
  return undefined;
}

function isPlainObject(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.isIntersection()) return type.types.every((t) => isPlainObject(checker, t));
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return false;
  return checker.getSignaturesOfType(type, ts.SignatureKind.Call).length === 0;
}

function literalKey(checker: ts.TypeChecker, type: ts.Type): string | undefined {
  if (type.isStringLiteral()) return `s:${type.value}`;
  if (type.isNumberLiteral()) return `n:${type.value}`;
  if (type === checker.getTrueType()) return "b:true";
  if (type === checker.getFalseType()) return "b:false";
  return undefined;
}
