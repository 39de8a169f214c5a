import ts from "../../typescript.cjs";
import {
  bestFitting,
  type Doc,
  emptyLine,
  expandParent,
  group,
  ifBreak,
  line,
  softBlockIndent,
  willBreak,
} from "./doc.js";
import { expression } from "./expressions.js";
import { arrowFunction, PoorLayout, typeArguments } from "./functions.js";
import { memberChain } from "./member-chain.js";
import { needsParens } from "./parens.js";
import { isSimpleArgument } from "./simple-argument.js";
import { isBinaryLike, type Source, unwrap } from "./source.js";

/**
 * Calls: a callee and its arguments. Arguments go on one line, or one per line, or, when the
 * last one is an object, array or function, with only that one broken over lines (Biome's
 * call_arguments.rs and, for method calls, member_chain).
 */
export function callExpression(src: Source, node: ts.CallExpression): Doc {
  const callee = unwrap(node.expression);
  const args = (call: ts.CallExpression): Doc => [
    typeArguments(src, call.typeArguments),
    callArguments(src, call.arguments),
  ];
  const isMember = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee);
  if (isMember && !needsParens(callee, node)) return memberChain(src, node, args);
  const doc = [expression(src, node.expression), args(node)];
  return ts.isCallExpression(callee) ? group(doc) : doc;
}

/** `(a, b)` of a call or `new`. */
export function callArguments(src: Source, args: ts.NodeArray<ts.Expression>): Doc {
  if (args.length === 0) return "()";
  const nodes = [...args].map(unwrap);
  const formatted = nodes.map((arg) => expression(src, arg));
  const emptyLineBefore = args.some((arg, i) => i > 0 && src.linesBefore(arg) > 1);
  if (emptyLineBefore || isFunctionComposition(nodes)) {
    return allBrokenOut(src, args, formatted, true);
  }
  const layout = groupedLayout(nodes);
  if (layout === undefined) return allBrokenOut(src, args, formatted, false);
  return groupedArguments(src, args, nodes, formatted, layout);
}

/** Every argument on a line of its own when the group breaks. */
function allBrokenOut(
  src: Source,
  args: ts.NodeArray<ts.Expression>,
  formatted: readonly Doc[],
  expand: boolean,
): Doc {
  const items = formatted.map((doc, i) => {
    const arg = args[i] as ts.Expression;
    const before: Doc = i === 0 ? [] : src.linesBefore(arg) > 1 ? emptyLine : line;
    return [before, doc, i < formatted.length - 1 ? "," : []];
  });
  return group(["(", softBlockIndent([items, ifBreak(",")]), ")"], { expand });
}

type GroupedLayout = "first" | "last";

function groupedArguments(
  src: Source,
  args: ts.NodeArray<ts.Expression>,
  nodes: readonly ts.Expression[],
  formatted: readonly Doc[],
  layout: GroupedLayout,
): Doc {
  const index = layout === "first" ? 0 : nodes.length - 1;
  const others = formatted.filter((_, i) => i !== index);
  if (others.some(willBreak)) return allBrokenOut(src, args, formatted, true);
  const groupedBreaks = willBreak(formatted[index] as Doc);
  const mostExpanded = allBrokenOut(src, args, formatted, true);
  const grouped = nodes[index] as ts.Expression;
  let hugged: Doc;
  try {
    hugged = ts.isArrowFunction(grouped)
      ? arrowFunction(src, grouped, layout)
      : (formatted[index] as Doc);
  } catch (error) {
    if (error instanceof PoorLayout) return mostExpanded;
    throw error;
  }
  const items = (expandGrouped: boolean): Doc =>
    formatted.map((doc, i) => {
      const content = i !== index ? doc : expandGrouped ? group(hugged, { expand: true }) : hugged;
      return [i === 0 ? [] : line, content, i < formatted.length - 1 ? "," : []];
    });
  const flat: Doc = ["(", items(false), ")"];
  const middle: Doc = ["(", items(true), ")"];
  if (groupedBreaks) return [expandParent, bestFitting([middle, mostExpanded])];
  return bestFitting([flat, middle, mostExpanded]);
}

function groupedLayout(args: readonly ts.Expression[]): GroupedLayout | undefined {
  if (shouldGroupFirst(args)) return "first";
  if (shouldGroupLast(args)) return "last";
  return undefined;
}

function shouldGroupFirst(args: readonly ts.Expression[]): boolean {
  const [first, second] = args;
  if (args.length !== 2 || first === undefined || second === undefined) return false;
  const firstOk =
    ts.isFunctionExpression(first) || (ts.isArrowFunction(first) && ts.isBlock(first.body));
  if (!firstOk) return false;
  if (ts.isArrowFunction(second) || ts.isFunctionExpression(second)) return false;
  if (ts.isConditionalExpression(second)) return false;
  return !canGroup(second, false) && isRelativelyShort(second);
}

function shouldGroupLast(args: readonly ts.Expression[]): boolean {
  const last = args.at(-1);
  if (last === undefined || !canGroup(last, false)) return false;
  const penultimate = args.at(-2);
  if (penultimate !== undefined && penultimate.kind === last.kind) return false;
  if (ts.isArrayLiteralExpression(last) && args.length > 1) {
    if (args.length === 2 && penultimate !== undefined && ts.isArrowFunction(penultimate)) {
      return false;
    }
    return !isConciseArray(last);
  }
  return true;
}

function isConciseArray(node: ts.ArrayLiteralExpression): boolean {
  return (
    node.elements.length > 0 &&
    node.elements.every((element) => {
      const inner = unwrap(element);
      if (ts.isNumericLiteral(inner)) return true;
      return (
        ts.isPrefixUnaryExpression(inner) &&
        (inner.operator === ts.SyntaxKind.MinusToken ||
          inner.operator === ts.SyntaxKind.PlusToken) &&
        ts.isNumericLiteral(unwrap(inner.operand))
      );
    })
  );
}

/** Arguments that may be broken over lines while the call stays on one (Biome's can_group). */
function canGroup(arg: ts.Expression, arrowRecursion: boolean): boolean {
  const node = unwrap(arg);
  if (ts.isObjectLiteralExpression(node)) return node.properties.length > 0;
  if (ts.isArrayLiteralExpression(node)) return node.elements.length > 0;
  if (
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node)
  ) {
    return canGroup(node.expression, false);
  }
  if (ts.isFunctionExpression(node)) return true;
  if (!ts.isArrowFunction(node)) return false;
  if (node.type !== undefined && ts.isTypeReferenceNode(node.type)) {
    if (!ts.isBlock(node.body) || node.body.statements.length === 0) return false;
  }
  const body = node.body;
  if (ts.isBlock(body)) return true;
  const inner = unwrap(body);
  if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) return true;
  if (ts.isArrowFunction(inner)) return canGroup(inner, true);
  return (ts.isCallExpression(inner) || ts.isConditionalExpression(inner)) && !arrowRecursion;
}

function isRelativelyShort(node: ts.Expression): boolean {
  if (isBinaryLike(node)) return isSimpleArgument(node.left) && isSimpleArgument(node.right);
  if (ts.isRegularExpressionLiteral(node)) return true;
  if (ts.isCallExpression(node)) {
    if (node.arguments.length === 0) return true;
    return node.arguments.length === 1 && isSimpleArgument(node);
  }
  return isSimpleArgument(node);
}

/** More than one function among the arguments, or a call taking one besides another. */
function isFunctionComposition(args: readonly ts.Expression[]): boolean {
  if (args.length <= 1) return false;
  let seenFunction = false;
  for (const arg of args) {
    if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) {
      if (seenFunction) return true;
      seenFunction = true;
    } else if (
      ts.isCallExpression(arg) &&
      arg.arguments.some((inner) => {
        const node = unwrap(inner);
        return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
      })
    ) {
      return true;
    }
  }
  return false;
}
