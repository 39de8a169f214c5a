import ts from "../../typescript.cjs";
import { unwrap } from "./source.js";
import { textWidth } from "./width.js";

/**
 * Biome's SimpleArgument: literals, identifiers, short regular expressions, and member reads,
 * calls, arrays, objects and templates made of those, at most two levels deep. Decides whether
 * a member chain's arguments are simple and whether a call's first argument may be hugged.
 */
export function isSimpleArgument(node: ts.Expression, depth = 0): boolean {
  if (depth >= 2) return false;
  const arg = unwrap(node);
  if (isSimpleLiteral(arg)) return true;
  if (ts.isTemplateExpression(arg)) {
    return (
      arg.templateSpans.every((span) => isSimpleArgument(span.expression, depth + 1)) &&
      !/\n/.test(arg.getText())
    );
  }
  if (ts.isNoSubstitutionTemplateLiteral(arg)) return !arg.text.includes("\n");
  if (ts.isObjectLiteralExpression(arg)) {
    return arg.properties.every((property) => {
      if (ts.isShorthandPropertyAssignment(property)) return true;
      return (
        ts.isPropertyAssignment(property) &&
        !ts.isComputedPropertyName(property.name) &&
        isSimpleArgument(property.initializer, depth + 1)
      );
    });
  }
  if (ts.isArrayLiteralExpression(arg)) {
    return arg.elements.every(
      (element) => ts.isOmittedExpression(element) || isSimpleArgument(element, depth + 1),
    );
  }
  if (ts.isPrefixUnaryExpression(arg)) {
    const ops = [
      ts.SyntaxKind.ExclamationToken,
      ts.SyntaxKind.MinusToken,
      ts.SyntaxKind.PlusToken,
      ts.SyntaxKind.TildeToken,
      ts.SyntaxKind.PlusPlusToken,
      ts.SyntaxKind.MinusMinusToken,
    ];
    return ops.includes(arg.operator) && isSimpleArgument(arg.operand, depth);
  }
  if (ts.isPostfixUnaryExpression(arg) || ts.isNonNullExpression(arg)) {
    return isSimpleArgument(ts.isNonNullExpression(arg) ? arg.expression : arg.operand, depth);
  }
  if (ts.isPropertyAccessExpression(arg)) return isSimpleArgument(arg.expression, depth);
  if (ts.isElementAccessExpression(arg)) {
    return (
      isSimpleArgument(arg.argumentExpression, depth) && isSimpleArgument(arg.expression, depth)
    );
  }
  if (ts.isCallExpression(arg) || ts.isNewExpression(arg)) {
    if (!isSimpleArgument(arg.expression, depth)) return false;
    const args = arg.arguments ?? [];
    return args.length + depth <= 2 && args.every((inner) => isSimpleArgument(inner, depth + 1));
  }
  if (ts.isRegularExpressionLiteral(arg)) {
    return textWidth(arg.text.slice(1, arg.text.lastIndexOf("/"))) <= 5;
  }
  return false;
}

function isSimpleLiteral(node: ts.Expression): boolean {
  if (ts.isRegularExpressionLiteral(node)) return false;
  return (
    ts.isIdentifier(node) ||
    ts.isStringLiteral(node) ||
    ts.isNumericLiteral(node) ||
    ts.isBigIntLiteral(node) ||
    node.kind === ts.SyntaxKind.ThisKeyword ||
    node.kind === ts.SyntaxKind.SuperKeyword ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  );
}
