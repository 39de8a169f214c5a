import ts from "../../typescript.cjs";
import { type Doc, group, indent, line, softBlockIndent, space } from "./doc.js";
import { expression } from "./expressions.js";
import { shouldFlatten } from "./parens.js";
import {
  isAssignment,
  isBinaryLike,
  isLogical,
  isSlot,
  isUnary,
  parentOf,
  type Source,
  unwrap,
} from "./source.js";

/**
 * `a && b || c`, `x !== y`, `v instanceof Map`: a chain of the same precedence prints as one
 * list of operands, broken after the operators; the indentation depends on the place
 * (Biome's format_binary_like_expression).
 */
export function binaryLike(src: Source, node: ts.BinaryExpression): Doc {
  const parent = parentOf(node);
  const insideCondition = isInsideCondition(node, parent);
  const parts = splitIntoSides(src, node, insideCondition);
  if (insideCondition) return parts;
  if (parent !== undefined) {
    const isCallee =
      (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
      isSlot(node, parent.expression);
    if (isCallee || isUnary(parent) || ts.isPropertyAccessExpression(parent)) {
      return group(softBlockIndent(parts));
    }
  }
  const inline = shouldInlineLogical(node);
  const flattened = parts.length > 2;
  if (
    shouldNotIndent(node, parent) ||
    (inline && !flattened) ||
    (!inline && shouldIndentIfParentInlines(parent))
  ) {
    return group(parts);
  }
  const [first, ...tail] = parts;
  return group([first ?? [], indent(tail)]);
}

function isInsideCondition(node: ts.Node, parent: ts.Node | undefined): boolean {
  if (parent === undefined) return false;
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) {
    return isSlot(node, parent.expression);
  }
  return ts.isSwitchStatement(parent) && isSlot(node, parent.expression);
}

/** A logical expression whose right side is a non-empty object or array literal. */
function shouldInlineLogical(node: ts.BinaryExpression): boolean {
  if (!isLogical(node)) return false;
  const right = unwrap(node.right);
  if (ts.isObjectLiteralExpression(right)) return right.properties.length > 0;
  if (ts.isArrayLiteralExpression(right)) return right.elements.length > 0;
  return false;
}

function shouldIndentIfParentInlines(parent: ts.Node | undefined): boolean {
  if (parent === undefined) return false;
  return (
    isAssignment(parent) || ts.isPropertyAssignment(parent) || ts.isVariableDeclaration(parent)
  );
}

/** Places that indent their content already: `return`, template holes, arrow bodies... */
function shouldNotIndent(node: ts.Node, parent: ts.Node | undefined): boolean {
  if (parent === undefined) return false;
  if (ts.isReturnStatement(parent) || ts.isThrowStatement(parent)) return true;
  if (ts.isTemplateSpan(parent) || ts.isForStatement(parent)) return true;
  if (ts.isArrowFunction(parent)) return isSlot(node, parent.body as ts.Expression);
  if (ts.isConditionalExpression(parent)) {
    const grand = parentOf(parent);
    return !(
      grand !== undefined &&
      (ts.isReturnStatement(grand) ||
        ts.isThrowStatement(grand) ||
        ts.isCallExpression(grand) ||
        ts.isNewExpression(grand))
    );
  }
  return false;
}

/**
 * The operands of a chain, left to right: the innermost left operand that does not continue
 * the chain as one group, then ` op right` for each operator.
 */
function splitIntoSides(src: Source, root: ts.BinaryExpression, insideCondition: boolean): Doc[] {
  const chain: ts.BinaryExpression[] = [root];
  for (;;) {
    const current = chain.at(-1) as ts.BinaryExpression;
    const left = unwrap(current.left);
    if (
      !isBinaryLike(left) ||
      !shouldFlatten(current.operatorToken.kind, left.operatorToken.kind)
    ) {
      break;
    }
    chain.push(left);
  }
  const innermost = chain.at(-1) as ts.BinaryExpression;
  const parts: Doc[] = [group(expression(src, innermost.left))];
  for (const binary of chain.reverse()) parts.push(rightSide(src, binary, insideCondition));
  return parts;
}

function rightSide(src: Source, binary: ts.BinaryExpression, insideCondition: boolean): Doc {
  const operator = ts.tokenToString(binary.operatorToken.kind) ?? "";
  const right = expression(src, binary.right);
  const content: Doc = shouldInlineLogical(binary)
    ? [space, operator, space, right]
    : [space, operator, line, right];
  const parent = parentOf(binary);
  const sameKind = (other: ts.Node | undefined) =>
    other !== undefined && isBinaryLike(other) && isLogical(other) === isLogical(binary);
  const shouldGroup = !(
    sameKind(parent) ||
    sameKind(unwrap(binary.left)) ||
    sameKind(unwrap(binary.right)) ||
    (insideCondition && isLogical(binary))
  );
  return shouldGroup ? group(content) : content;
}
