import ts from "../../typescript.cjs";
import { type Doc, group, indent, indentIfBreak, line, space } from "./doc.js";
import { expression, flatText, propertyName } from "./expressions.js";
import { type as formatType } from "./functions.js";
import { normalizeString } from "./literals.js";
import { isAssignment, isBinaryLike, isLogical, isUnary, type Source, unwrap } from "./source.js";
import { textWidth } from "./width.js";

/** The things Biome formats as `left op right`. */
export type AssignmentLike =
  | ts.VariableDeclaration
  | ts.PropertyAssignment
  | ts.BinaryExpression
  | ts.TypeAliasDeclaration;

type Layout = "fluid" | "breakAfterOperator" | "neverBreakAfterOperator" | "breakLeftHandSide";

/**
 * `left = right`, `key: value`, `type T = U`: where the right side may start on the next line
 * (Biome's assignment_like.rs, without the chained-assignment layouts generated code never has).
 */
export function assignmentLike(src: Source, node: AssignmentLike): Doc {
  if (ts.isVariableDeclaration(node) && node.initializer === undefined) return left(src, node);
  const leftDoc = left(src, node);
  const layout = chooseLayout(node, leftDoc);
  const right = rightSide(src, node);
  const operator: Doc = ts.isPropertyAssignment(node) ? ":" : [space, "="];
  // Biome writes a space before the right side of these (merged with the line's own space).
  const spaced: Doc = ts.isPropertyAssignment(node) ? right : [space, right];
  let tail: Doc;
  switch (layout) {
    case "fluid": {
      const id = Symbol("assignment");
      tail = [group(indent(line), { id }), indentIfBreak(spaced, id)];
      break;
    }
    case "breakAfterOperator":
      tail = group(indent([line, spaced]));
      break;
    case "neverBreakAfterOperator":
      tail = [space, spaced];
      break;
    case "breakLeftHandSide":
      tail = [space, group(spaced)];
      break;
  }
  const head = layout === "breakLeftHandSide" ? leftDoc : group(leftDoc);
  return group([head, operator, tail]);
}

function left(src: Source, node: AssignmentLike): Doc {
  if (ts.isPropertyAssignment(node)) return propertyName(src, node.name);
  if (ts.isBinaryExpression(node)) return expression(src, node.left);
  if (ts.isTypeAliasDeclaration(node)) {
    if (node.typeParameters !== undefined)
      throw new Error("rpcgen format: generic type aliases are not supported");
    return node.name.text;
  }
  if (!ts.isIdentifier(node.name)) throw new Error("rpcgen format: destructuring is not supported");
  return [node.name.text, node.type === undefined ? [] : [":", space, formatType(src, node.type)]];
}

function rightSide(src: Source, node: AssignmentLike): Doc {
  if (ts.isTypeAliasDeclaration(node)) return formatType(src, node.type);
  if (ts.isPropertyAssignment(node)) return expression(src, node.initializer);
  if (ts.isBinaryExpression(node)) return expression(src, node.right);
  return expression(src, node.initializer as ts.Expression);
}

function chooseLayout(node: AssignmentLike, leftDoc: Doc): Layout {
  if (ts.isTypeAliasDeclaration(node)) return "fluid";
  const right = unwrap(
    ts.isPropertyAssignment(node)
      ? node.initializer
      : ts.isBinaryExpression(node)
        ? node.right
        : (node.initializer as ts.Expression),
  );
  if (isAssignment(right)) throw new Error("rpcgen format: chained assignments are not supported");
  if (
    ts.isCallExpression(right) &&
    ts.isIdentifier(right.expression) &&
    right.expression.text === "require"
  ) {
    return "neverBreakAfterOperator";
  }
  if (breaksLeftHandSide(node)) return "breakLeftHandSide";
  if (shouldBreakAfterOperator(right)) return "breakAfterOperator";
  // A key shorter than the indentation plus three gains little from breaking after it.
  if (ts.isPropertyAssignment(node) && textWidth(flatText(leftDoc)) < 2 + 3) {
    return "neverBreakAfterOperator";
  }
  let stripped = right;
  while (isUnary(stripped) || ts.isNonNullExpression(stripped)) {
    stripped = unwrap(operandOf(stripped));
  }
  if (ts.isStringLiteral(stripped) || isPoorlyBreakableChain(stripped)) return "breakAfterOperator";
  const leftMayBreak = mayDirectlyBreak(leftDoc);
  if (
    !leftMayBreak &&
    (ts.isClassExpression(stripped) ||
      ts.isTemplateExpression(stripped) ||
      ts.isNoSubstitutionTemplateLiteral(stripped) ||
      stripped.kind === ts.SyntaxKind.TrueKeyword ||
      stripped.kind === ts.SyntaxKind.FalseKeyword ||
      ts.isNumericLiteral(stripped))
  ) {
    return "neverBreakAfterOperator";
  }
  return "fluid";
}

function operandOf(node: ts.Expression): ts.Expression {
  if (ts.isPrefixUnaryExpression(node)) return node.operand;
  if (
    ts.isTypeOfExpression(node) ||
    ts.isDeleteExpression(node) ||
    ts.isVoidExpression(node) ||
    ts.isNonNullExpression(node)
  ) {
    return node.expression;
  }
  return node;
}

/** A variable annotated with a generic type of several arguments, one of them generic itself. */
function breaksLeftHandSide(node: AssignmentLike): boolean {
  if (!ts.isVariableDeclaration(node) || node.type === undefined) return false;
  const annotation = node.type;
  if (!ts.isTypeReferenceNode(annotation) || annotation.typeArguments === undefined) return false;
  const args = annotation.typeArguments;
  const complex =
    args.length > 1 &&
    args.some(
      (arg) =>
        ts.isConditionalTypeNode(arg) ||
        (ts.isTypeReferenceNode(arg) &&
          arg.typeArguments !== undefined &&
          arg.typeArguments.length > 0),
    );
  const initializer = node.initializer === undefined ? undefined : unwrap(node.initializer);
  const arrowWithGenericAnnotation =
    initializer !== undefined && ts.isArrowFunction(initializer) && args.length > 0;
  return complex || arrowWithGenericAnnotation;
}

function shouldBreakAfterOperator(right: ts.Expression): boolean {
  if (isBinaryLike(right)) return !inlinesLogical(right);
  if (ts.isConditionalExpression(right)) {
    const test = unwrap(right.condition);
    return isBinaryLike(test) && !inlinesLogical(test);
  }
  if (ts.isClassExpression(right)) return false;
  let argument: ts.Expression | undefined;
  if (ts.isAwaitExpression(right)) argument = right.expression;
  else if (isUnary(right)) {
    argument = unwrap(operandOf(right));
    while (isUnary(argument)) argument = unwrap(operandOf(argument));
    if (ts.isAwaitExpression(argument)) argument = argument.expression;
  }
  if (argument === undefined) return false;
  const inner = unwrap(argument);
  return isLiteral(inner) || isPoorlyBreakableChain(inner);
}

function isLiteral(node: ts.Expression): boolean {
  return (
    ts.isStringLiteral(node) ||
    ts.isNumericLiteral(node) ||
    ts.isRegularExpressionLiteral(node) ||
    ts.isBigIntLiteral(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  );
}

function inlinesLogical(node: ts.BinaryExpression): boolean {
  if (!isLogical(node)) return false;
  const right = unwrap(node.right);
  if (ts.isObjectLiteralExpression(right)) return right.properties.length > 0;
  return ts.isArrayLiteralExpression(right) && right.elements.length > 0;
}

/**
 * A chain of reads and calls from an identifier, whose calls take no argument or one short
 * one: breaking inside it would help less than breaking before it.
 */
function isPoorlyBreakableChain(node: ts.Expression): boolean {
  const calls: ts.CallExpression[] = [];
  let isChain = false;
  let current = node;
  for (;;) {
    if (ts.isNonNullExpression(current)) current = unwrap(current.expression);
    else if (ts.isCallExpression(current)) {
      isChain = true;
      calls.push(current);
      current = unwrap(current.expression);
    } else if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      isChain = true;
      current = unwrap(current.expression);
    } else break;
  }
  const simpleHead = ts.isIdentifier(current) || current.kind === ts.SyntaxKind.ThisKeyword;
  if (!isChain || !simpleHead) return false;
  return calls.every((call) => {
    if (isMemberCallChain(call)) return false;
    const [only] = call.arguments;
    if (call.arguments.length > 1) return false;
    if (only !== undefined && !isShortArgument(unwrap(only))) return false;
    const types = call.typeArguments;
    if (types !== undefined && types.length > 0) {
      const [first] = types;
      if (types.length > 1) return false;
      if (
        first !== undefined &&
        (ts.isUnionTypeNode(first) ||
          ts.isIntersectionTypeNode(first) ||
          ts.isTypeLiteralNode(first))
      ) {
        return false;
      }
    }
    return true;
  });
}

/** A call with more than one call after its head (never in generated code). */
function isMemberCallChain(call: ts.CallExpression): boolean {
  let calls = 0;
  for (let current: ts.Expression = call; ; ) {
    if (ts.isCallExpression(current)) {
      calls++;
      current = unwrap(current.expression);
    } else if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      current = unwrap(current.expression);
    } else break;
  }
  return calls > 1;
}

/** Biome's threshold for a short argument is a quarter of the line width. */
const shortArgument = 100 / 4;

function isShortArgument(node: ts.Expression): boolean {
  if (node.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isIdentifier(node)) return node.text.length <= shortArgument;
  if (ts.isPrefixUnaryExpression(node)) {
    const signed =
      node.operator === ts.SyntaxKind.MinusToken || node.operator === ts.SyntaxKind.PlusToken;
    return signed && ts.isNumericLiteral(unwrap(node.operand));
  }
  if (ts.isRegularExpressionLiteral(node)) {
    return [...node.text.slice(1, node.text.lastIndexOf("/"))].length <= shortArgument;
  }
  if (ts.isStringLiteral(node)) return textWidth(normalizeString(node.getText())) <= shortArgument;
  if (ts.isNoSubstitutionTemplateLiteral(node)) {
    return !node.rawText?.includes("\n") && (node.rawText ?? "").length <= shortArgument;
  }
  if (ts.isTemplateExpression(node)) return false;
  return isLiteral(node);
}

/** Whether a doc holds any line break element at all (Biome's may_directly_break). */
function mayDirectlyBreak(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (Array.isArray(doc)) return (doc as readonly Doc[]).some(mayDirectlyBreak);
  const node = doc as Exclude<Doc, string | readonly Doc[]>;
  switch (node.kind) {
    case "line":
      return true;
    case "space":
    case "expandParent":
      return false;
    case "fill":
      return node.parts.some(mayDirectlyBreak);
    case "bestFitting":
      return false;
    default:
      return mayDirectlyBreak(node.contents);
  }
}
