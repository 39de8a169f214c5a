import type { EnumMember, TypeNode } from "../../ir/schema.js";
import ts from "../../typescript.cjs";
import { DiagnosticCode } from "../codes.js";
import type { Context } from "./context.js";

/**
 * String, numeric and const enums alike: the members with their constant values, in
 * declaration order (across merged declarations). A member whose value is computed at run time
 * has no constant the schema could carry, and is reported.
 */
export function visitEnum(ctx: Context, symbol: ts.Symbol): TypeNode {
  const members: EnumMember[] = [];
  for (const declaration of symbol.declarations ?? []) {
    if (!ts.isEnumDeclaration(declaration)) continue;
    for (const member of declaration.members) {
      const name =
        ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)
          ? member.name.text
          : member.name.getText();
      const value = ctx.checker.getConstantValue(member);
      if (value === undefined) {
        const anchor = member.initializer ?? member;
        ctx.sink.atNode(
          anchor,
          DiagnosticCode.unsupportedType,
          `\`${symbol.name}.${name} = ${anchor.getText()}\` is computed at run time, so the schema cannot know its value. Give the member a literal value.`,
        );
        continue;
      }
      members.push({ name, value });
    }
  }
  return { kind: "enum", members };
}
