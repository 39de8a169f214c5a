import ts from "../../typescript.cjs";
import { DiagnosticCode } from "../codes.js";
import type { Context, Site } from "./context.js";
import { refuse } from "./refuse.js";

/**
 * Classes. A value that crosses the wire arrives as a plain object: it has the class's fields
 * but not its prototype. A class with only public fields is therefore accepted and treated like
 * an interface (TypeScript is structural, so the plain object type-checks as that class; it is
 * just not `instanceof` it). A class with methods or accessors would arrive without them, and
 * one with private or protected members is nominal in TypeScript, so both are refused.
 * Returns false (after reporting) when the class is refused.
 */
export function checkDataClass(
  ctx: Context,
  type: ts.Type,
  symbol: ts.Symbol,
  site: Site,
): boolean {
  const behaviour: string[] = [];
  const hidden: string[] = [];
  for (const prop of ctx.checker.getPropertiesOfType(type)) {
    for (const d of prop.declarations ?? []) {
      if (ts.isMethodDeclaration(d) || ts.isAccessor(d)) behaviour.push(prop.name);
      else if (isHidden(d)) hidden.push(d.name !== undefined ? d.name.getText() : prop.name);
    }
  }
  if (behaviour.length === 0 && hidden.length === 0) return true;
  const name = symbol.name;
  const why =
    behaviour.length > 0
      ? `is a class with methods or accessors (${list(behaviour)}): a value received from the wire is a plain object without them`
      : `is a class with private or protected members (${list(hidden)}): TypeScript compares such classes by name, so a plain object received from the wire is not a \`${name}\``;
  refuse(ctx, type, site, {
    code: DiagnosticCode.unsupportedClass,
    why,
    instead: `Declare an interface with the data fields (e.g. \`interface ${name}Data { ... }\`) and build the \`${name}\` from it in your code.`,
  });
  return false;
}

function isHidden(d: ts.Declaration): d is ts.Declaration & { name?: ts.PropertyName } {
  if (!(ts.isPropertyDeclaration(d) || ts.isParameter(d))) return false;
  if (ts.isPropertyDeclaration(d) && ts.isPrivateIdentifier(d.name)) return true;
  const flags = ts.getCombinedModifierFlags(d);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;
}

function list(names: readonly string[]): string {
  const unique = [...new Set(names)];
  return unique.length > 4 ? `${unique.slice(0, 4).join(", ")}, ...` : unique.join(", ");
}
