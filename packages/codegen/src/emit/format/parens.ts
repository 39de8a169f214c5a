import ts from "../../typescript.cjs";
import {
  isAssignment,
  isBinaryLike,
  isCalleeOrObject,
  isSlot,
  isUnary,
  precedenceOf,
} from "./source.js";

/**
 * Whether `node` needs parentheses in `parent` (Biome's NeedsParentheses, for the kinds the
 * emitter writes). Parentheses in the source are ignored: Biome removes them and adds back only
 * these.
 */
export function needsParens(node: ts.Expression, parent: ts.Node | undefined): boolean {
  if (parent === undefined) return false;
  if (isBinaryLike(node)) return binaryNeedsParens(node, parent);
  if (ts.isConditionalExpression(node)) {
    if (isUnary(parent) || ts.isSpreadElement(parent) || ts.isSpreadAssignment(parent)) return true;
    if (isBinaryLike(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent))
      return true;
    if (ts.isConditionalExpression(parent)) return isSlot(node, parent.condition);
    return isCalleeOrObject(node, parent);
  }
  if (ts.isArrowFunction(node)) {
    if (isUnary(parent) || isBinaryLike(parent) || ts.isAwaitExpression(parent)) return true;
    if (ts.isConditionalExpression(parent)) return isSlot(node, parent.condition);
    return isCalleeOrObject(node, parent);
  }
  if (isAssignment(node)) {
    if (ts.isExpressionStatement(parent)) return false;
    if (ts.isArrowFunction(parent)) return isSlot(node, parent.body as ts.Expression);
    if (ts.isForStatement(parent)) {
      return (
        !isSlot(node, parent.initializer as ts.Expression) && !isSlot(node, parent.incrementor)
      );
    }
    return !isAssignment(parent);
  }
  if (ts.isObjectLiteralExpression(node)) {
    return ts.isArrowFunction(parent) && isSlot(node, parent.body as ts.Expression);
  }
  if (isUnary(node)) {
    if (isCalleeOrObject(node, parent)) return true;
    return (
      ts.isBinaryExpression(parent) &&
      parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken &&
      isSlot(node, parent.left)
    );
  }
  return false;
}

function binaryNeedsParens(node: ts.BinaryExpression, parent: ts.Node): boolean {
  if (isUnary(parent) || ts.isAwaitExpression(parent) || ts.isNonNullExpression(parent))
    return true;
  if (ts.isAsExpression(parent) || ts.isSpreadElement(parent) || ts.isSpreadAssignment(parent)) {
    return true;
  }
  if (ts.isPropertyAccessExpression(parent) || ts.isTaggedTemplateExpression(parent)) return true;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    return isSlot(node, parent.expression);
  }
  if (ts.isElementAccessExpression(parent)) return isSlot(node, parent.expression);
  if (!isBinaryLike(parent)) return false;
  const precedence = precedenceOf(node.operatorToken.kind);
  const parentPrecedence = precedenceOf(parent.operatorToken.kind);
  if (parentPrecedence > precedence) return true;
  if (parentPrecedence === precedence && isSlot(node, parent.right)) return true;
  // Bitwise and shift operators (4-6, 9) always parenthesize their operands.
  if ([4, 5, 6, 9].includes(parentPrecedence)) return true;
  if (parentPrecedence < precedence && node.operatorToken.kind === ts.SyntaxKind.PercentToken) {
    return parentPrecedence === 10;
  }
  return (
    parentPrecedence === precedence &&
    !shouldFlatten(parent.operatorToken.kind, node.operatorToken.kind)
  );
}

/** Whether `a op1 b op2 c` prints as one chain (Biome's `should_flatten`). */
export function shouldFlatten(parentOp: ts.SyntaxKind, op: ts.SyntaxKind): boolean {
  const precedence = precedenceOf(op);
  if (precedence !== precedenceOf(parentOp)) return false;
  // `**` is right-associative; `a == b == c` and `a << b << c` read better grouped.
  if (precedence === 12 || precedence === 7 || precedence === 9) return false;
  if (precedence === 11) {
    if (parentOp === ts.SyntaxKind.PercentToken || op === ts.SyntaxKind.PercentToken) return false;
    return parentOp === op;
  }
  return true;
}
