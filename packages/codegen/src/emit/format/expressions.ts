import ts from "../../typescript.cjs";
import { assignmentLike } from "./assignment.js";
import { binaryLike } from "./binary.js";
import { callArguments, callExpression } from "./calls.js";
import { leadingComments } from "./comments.js";
import { conditional } from "./conditional.js";
import {
  type Doc,
  emptyLine,
  fill,
  group,
  ifBreak,
  indent,
  line,
  softBlockIndent,
  softline,
  softSpaceBlockIndent,
  space,
} from "./doc.js";
import { arrowFunction, parameters, type, typeArguments } from "./functions.js";
import { normalizeKey, normalizeNumber, normalizeRegex, normalizeString } from "./literals.js";
import { needsParens } from "./parens.js";
import { isAssignment, isBinaryLike, isUnary, parentOf, type Source, unwrap } from "./source.js";
import { statementsBlock } from "./statements.js";

/**
 * Expressions: the dispatcher every part of the formatter calls, with the parentheses Biome
 * keeps (only the needed ones), and the kinds simple enough to format here.
 */

/** The layout of `expression`, parenthesized when its place requires it. */
export function expression(src: Source, node: ts.Expression): Doc {
  const inner = unwrap(node);
  const doc = bare(src, inner);
  return needsParens(inner, parentOf(inner)) ? ["(", doc, ")"] : doc;
}

function bare(src: Source, node: ts.Expression): Doc {
  switch (node.kind) {
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.ThisKeyword:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return src.textOf(node);
    case ts.SyntaxKind.StringLiteral:
      return normalizeString(src.textOf(node));
    case ts.SyntaxKind.NumericLiteral:
      return normalizeNumber(src.textOf(node));
    case ts.SyntaxKind.RegularExpressionLiteral:
      return normalizeRegex(src.textOf(node));
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
      return template(src, node as ts.TemplateLiteral);
    case ts.SyntaxKind.PropertyAccessExpression:
      return staticMember(src, node as ts.PropertyAccessExpression);
    case ts.SyntaxKind.ElementAccessExpression: {
      const access = node as ts.ElementAccessExpression;
      return [expression(src, access.expression), computedLookup(src, access)];
    }
    case ts.SyntaxKind.CallExpression:
      return callExpression(src, node as ts.CallExpression);
    case ts.SyntaxKind.NewExpression:
      return newExpression(src, node as ts.NewExpression);
    case ts.SyntaxKind.PostfixUnaryExpression: {
      const postfix = node as ts.PostfixUnaryExpression;
      return [expression(src, postfix.operand), ts.tokenToString(postfix.operator) ?? ""];
    }
    case ts.SyntaxKind.ConditionalExpression:
      return conditional(src, node as ts.ConditionalExpression);
    case ts.SyntaxKind.ArrowFunction:
      return arrowFunction(src, node as ts.ArrowFunction);
    case ts.SyntaxKind.ObjectLiteralExpression:
      return objectLiteral(src, node as ts.ObjectLiteralExpression);
    case ts.SyntaxKind.ArrayLiteralExpression:
      return arrayLiteral(src, node as ts.ArrayLiteralExpression);
    default:
      if (isUnary(node)) return unary(src, node);
      if (isBinaryLike(node)) return binaryLike(src, node);
      if (isAssignment(node)) return assignmentLike(src, node);
      throw new Error(`rpcgen format: unsupported expression ${ts.SyntaxKind[node.kind]}`);
  }
}

function unary(src: Source, node: ts.Expression): Doc {
  if (ts.isTypeOfExpression(node)) return ["typeof", space, expression(src, node.expression)];
  if (ts.isDeleteExpression(node)) return ["delete", space, expression(src, node.expression)];
  if (ts.isVoidExpression(node)) return ["void", space, expression(src, node.expression)];
  const prefix = node as ts.PrefixUnaryExpression;
  return [ts.tokenToString(prefix.operator) ?? "", expression(src, prefix.operand)];
}

/** `new Callee<T>(args)`. */
function newExpression(src: Source, node: ts.NewExpression): Doc {
  return [
    "new",
    space,
    expression(src, node.expression),
    typeArguments(src, node.typeArguments),
    node.arguments === undefined ? "()" : callArguments(src, node.arguments),
  ];
}

/**
 * `object.name`. Inside a longer chain of reads the `.name` may move to the next line (Biome's
 * BreakAfterObject layout); a read of a plain identifier never breaks.
 */
function staticMember(src: Source, node: ts.PropertyAccessExpression): Doc {
  const object = expression(src, node.expression);
  const name = node.name.text;
  return breaksAfterObject(node)
    ? [object, group(indent([softline, ".", name]))]
    : [object, ".", name];
}

function breaksAfterObject(node: ts.PropertyAccessExpression): boolean {
  const parent = parentOf(node);
  const object = unwrap(node.expression);
  const isMember = (n: ts.Node | undefined) =>
    n !== undefined && (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n));
  if (parent !== undefined && (isAssignment(parent) || ts.isVariableDeclaration(parent))) {
    if (ts.isCallExpression(object) && object.arguments.length > 0) return false;
  }
  if (!isMember(parent) && ts.isIdentifier(object)) return false;
  let chain: ts.Node = node;
  let ancestor = parentOf(node);
  while (isMember(ancestor) && ancestor !== undefined) {
    chain = ancestor;
    ancestor = parentOf(ancestor);
  }
  if (ancestor !== undefined && ts.isNewExpression(ancestor)) {
    return unwrap(ancestor.expression) !== chain;
  }
  if (ancestor !== undefined && isAssignment(ancestor))
    return ts.isIdentifier(unwrap(ancestor.left));
  return true;
}

/** `[member]`: a number stays put, anything else may move inside the brackets. */
export function computedLookup(src: Source, node: ts.ElementAccessExpression): Doc {
  const member = unwrap(node.argumentExpression);
  if (ts.isNumericLiteral(member)) return ["[", expression(src, member), "]"];
  return group(["[", softBlockIndent(expression(src, member)), "]"]);
}

/**
 * A template literal, on one line: its text as written, and each `${expression}` printed flat
 * (Biome keeps a template that has no line break inside its substitutions on one line).
 */
function template(src: Source, node: ts.TemplateLiteral): string {
  if (ts.isNoSubstitutionTemplateLiteral(node)) return src.textOf(node);
  // The head, middle and tail tokens include their backtick, `${` and `}`.
  let out = src.textOf(node.head);
  for (const span of node.templateSpans) {
    out += flatText(expression(src, span.expression)) + src.textOf(span.literal);
  }
  return out;
}

/** `doc` printed on one line: every group flat. */
export function flatText(doc: Doc): string {
  if (typeof doc === "string") return doc;
  if (Array.isArray(doc)) return (doc as readonly Doc[]).map(flatText).join("");
  const node = doc as Exclude<Doc, string | readonly Doc[]>;
  switch (node.kind) {
    case "space":
      return " ";
    case "line":
      if (node.mode === "soft") return "";
      if (node.mode === "softOrSpace") return " ";
      throw new Error("rpcgen format: a line break inside a template literal");
    case "conditional":
      return node.mode === "flat" ? flatText(node.contents) : "";
    case "fill":
      return node.parts.map(flatText).join("");
    case "bestFitting":
      return flatText(node.variants[0] ?? "");
    case "expandParent":
      return "";
    default:
      return flatText(node.contents);
  }
}

/** `{ a, b }`: kept expanded when the first member starts a line in the source. */
function objectLiteral(src: Source, node: ts.ObjectLiteralExpression): Doc {
  if (node.properties.length === 0) return "{}";
  const first = node.properties[0] as ts.ObjectLiteralElementLike;
  const expand = src.text
    .slice(node.getStart(src.file) + 1, first.getStart(src.file))
    .includes("\n");
  const members = node.properties.map((property, i) => {
    const separator = i < node.properties.length - 1 ? "," : ifBreak(",");
    const before: Doc = i === 0 ? [] : src.linesBefore(property) > 1 ? emptyLine : line;
    return [before, leadingComments(src, property), member(src, property), separator];
  });
  return group(["{", softSpaceBlockIndent(members), "}"], { expand });
}

function member(src: Source, node: ts.ObjectLiteralElementLike): Doc {
  if (ts.isPropertyAssignment(node)) return assignmentLike(src, node);
  if (ts.isShorthandPropertyAssignment(node)) return node.name.text;
  if (ts.isSpreadAssignment(node)) return ["...", expression(src, node.expression)];
  if (ts.isMethodDeclaration(node) && node.body !== undefined) return method(src, node, node.body);
  throw new Error(`rpcgen format: unsupported object member ${ts.SyntaxKind[node.kind]}`);
}

/** `name(params): Type { body }` in an object literal (Biome's method member layout). */
function method(src: Source, node: ts.MethodDeclaration, body: ts.Block): Doc {
  if (node.typeParameters !== undefined)
    throw new Error("rpcgen format: generic methods are not supported");
  const isAsync =
    ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) === true;
  const returnType = node.type === undefined ? [] : [":", space, type(src, node.type)];
  return [
    isAsync ? ["async", space] : [],
    node.asteriskToken === undefined ? [] : "*",
    propertyName(src, node.name),
    node.questionToken === undefined ? [] : "?",
    group([parameters(src, node.parameters), returnType]),
    space,
    statementsBlock(src, body, true),
  ];
}

/** An object key: identifier, string (unquoted when possible) or computed. */
export function propertyName(src: Source, name: ts.PropertyName): Doc {
  if (ts.isStringLiteral(name)) return normalizeKey(src.textOf(name));
  if (ts.isComputedPropertyName(name)) return ["[", expression(src, name.expression), "]"];
  if (ts.isIdentifier(name)) return name.text;
  throw new Error(`rpcgen format: unsupported property name ${ts.SyntaxKind[name.kind]}`);
}

/** `[a, b]`: numbers fill lines; anything else goes one per line when the array breaks. */
function arrayLiteral(src: Source, node: ts.ArrayLiteralExpression): Doc {
  const elements = node.elements;
  if (elements.length === 0) return "[]";
  const id = Symbol("array");
  const expand = shouldBreakArray(elements);
  const last = elements.length - 1;
  const separator = (i: number, trailing: Doc) => (i < last ? "," : trailing);
  const lineBefore = (element: ts.Expression): Doc =>
    src.linesBefore(element) > 1 ? emptyLine : line;
  let contents: Doc;
  if (isConcise(elements)) {
    contents = fill(
      elements.flatMap((element, i) => {
        const item = [expression(src, element), separator(i, ifBreak(",", id))];
        return i === 0 ? [item] : [lineBefore(element), item];
      }),
    );
  } else {
    contents = elements.map((element, i) => [
      i === 0 ? [] : lineBefore(element),
      group(expression(src, element)),
      separator(i, ifBreak(",")),
    ]);
  }
  return ["[", group(softBlockIndent(contents), { expand, id }), "]"];
}

/** Arrays of numbers (signed or not) are filled rather than printed one per line. */
function isConcise(elements: ts.NodeArray<ts.Expression>): boolean {
  return elements.every((element) => {
    const inner = unwrap(element);
    if (ts.isNumericLiteral(inner)) return true;
    return (
      ts.isPrefixUnaryExpression(inner) &&
      (inner.operator === ts.SyntaxKind.MinusToken || inner.operator === ts.SyntaxKind.PlusToken) &&
      ts.isNumericLiteral(unwrap(inner.operand))
    );
  });
}

/** Biome breaks an array of several arrays (or objects), each with more than one element. */
function shouldBreakArray(elements: ts.NodeArray<ts.Expression>): boolean {
  if (elements.length < 2) return false;
  return elements.every((element, i) => {
    const inner = unwrap(element);
    const next = elements[i + 1];
    const nextInner = next === undefined ? undefined : unwrap(next);
    if (ts.isArrayLiteralExpression(inner)) {
      return (
        inner.elements.length >= 2 &&
        (nextInner === undefined || ts.isArrayLiteralExpression(nextInner))
      );
    }
    if (ts.isObjectLiteralExpression(inner)) {
      return (
        inner.properties.length >= 2 &&
        (nextInner === undefined || ts.isObjectLiteralExpression(nextInner))
      );
    }
    return false;
  });
}
