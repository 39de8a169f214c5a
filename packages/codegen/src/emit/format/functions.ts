import ts from "../../typescript.cjs";
import {
  type Doc,
  emptyLine,
  group,
  hardSpace,
  ifBreak,
  ifFlat,
  indent,
  join,
  line,
  removeSoftLines,
  softBlockIndent,
  softline,
  space,
  willBreak,
} from "./doc.js";
import { expression } from "./expressions.js";
import { normalizeString } from "./literals.js";
import { type Source, unwrap } from "./source.js";
import { statementsBlock } from "./statements.js";

/**
 * Functions and types: arrow functions (Biome's arrow_function_expression.rs, single arrows),
 * parameter lists, type annotations and type arguments.
 */

/** Thrown when a hugged argument's signature would break: the call prints all arguments broken out. */
export class PoorLayout extends Error {}

/**
 * An arrow function. `grouped` says it is the first or last argument of a call whose other
 * arguments stay on the call's line, so its body may start on the next line with a trailing
 * comma after it.
 */
export function arrowFunction(
  src: Source,
  node: ts.ArrowFunction,
  grouped?: "first" | "last",
): Doc {
  const signature = [arrowSignature(src, node, grouped !== undefined), space, "=>"];
  const body = node.body;
  if (ts.isBlock(body)) return [signature, space, bodyOf(src, body)];
  const inner = unwrap(body);
  if (ts.isArrowFunction(inner)) throw new Error("rpcgen format: arrow chains are not supported");
  if (ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner)) {
    return [signature, space, expression(src, body)];
  }
  const isLast = grouped === "last";
  const trailing: Doc = [isLast ? ifBreak(",") : [], isLast ? softline : []];
  if (ts.isConditionalExpression(inner)) {
    const content = [ifFlat("("), bodyOf(src, inner), ifFlat(")")];
    return [signature, group([indent([hardSpace, softline, content]), trailing])];
  }
  return [signature, group([indent([line, bodyOf(src, inner)]), trailing])];
}

/**
 * The layout of an arrow's body, built once: a hugged argument is laid out twice
 * (plainly and hugged) and shares its body, as Biome caches function bodies. Building it anew
 * would also double the work for every arrow nested in it.
 */
function bodyOf(src: Source, body: ts.ConciseBody): Doc {
  let doc = src.bodies.get(body);
  if (doc === undefined) {
    doc = ts.isBlock(body) ? statementsBlock(src, body, true) : expression(src, body);
    src.bodies.set(body, doc);
  }
  return doc;
}

function arrowSignature(src: Source, node: ts.ArrowFunction, hugged: boolean): Doc {
  if (node.typeParameters !== undefined || node.modifiers !== undefined) {
    throw new Error("rpcgen format: generic or async arrow functions are not supported");
  }
  const returnType = node.type === undefined ? [] : [":", space, type(src, node.type)];
  if (!hugged) return group([parameters(src, node.parameters), returnType]);
  // Biome writes the signature of a hugged argument without its soft line breaks.
  const doc = removeSoftLines(group([group(parameters(src, node.parameters)), group(returnType)]));
  if (willBreak(doc)) throw new PoorLayout();
  return doc;
}

/** `(a: A, b: B)`: one per line when the enclosing group breaks; a lone pattern is hugged. */
export function parameters(src: Source, params: ts.NodeArray<ts.ParameterDeclaration>): Doc {
  if (params.length === 0) return "()";
  const [only] = params;
  const hug =
    params.length === 1 &&
    only !== undefined &&
    only.initializer === undefined &&
    (ts.isArrayBindingPattern(only.name) ||
      ts.isObjectBindingPattern(only.name) ||
      (only.type !== undefined && ts.isTypeLiteralNode(only.type)));
  if (hug && only !== undefined) return ["(", parameter(src, only), ")"];
  const items = params.map(
    (param, i): Doc => [
      i === 0 ? [] : src.linesBefore(param) > 1 ? emptyLine : line,
      parameter(src, param),
      i < params.length - 1 ? "," : param.dotDotDotToken === undefined ? ifBreak(",") : [],
    ],
  );
  return ["(", softBlockIndent(items), ")"];
}

function parameter(src: Source, param: ts.ParameterDeclaration): Doc {
  if (param.initializer !== undefined || param.modifiers !== undefined) {
    throw new Error("rpcgen format: parameter defaults and modifiers are not supported");
  }
  return [
    param.dotDotDotToken === undefined ? [] : "...",
    bindingName(src, param.name),
    param.questionToken === undefined ? [] : "?",
    param.type === undefined ? [] : [":", space, type(src, param.type)],
  ];
}

function bindingName(src: Source, name: ts.BindingName): Doc {
  if (ts.isIdentifier(name)) return name.text;
  if (ts.isArrayBindingPattern(name)) {
    if (name.elements.length === 0) return "[]";
    const last = name.elements.length - 1;
    const items = name.elements.map((element, i) => {
      if (ts.isOmittedExpression(element) || element.initializer !== undefined) {
        throw new Error("rpcgen format: holes and defaults in patterns are not supported");
      }
      const rest = element.dotDotDotToken === undefined ? [] : "...";
      return [
        i === 0 ? [] : line,
        group([rest, bindingName(src, element.name)]),
        i < last ? "," : element.dotDotDotToken === undefined ? ifBreak(",") : [],
      ];
    });
    return ["[", group(softBlockIndent(items)), "]"];
  }
  throw new Error("rpcgen format: object patterns are not supported");
}

/** A type: keywords and references (`Name<Args>`). */
export function type(src: Source, node: ts.TypeNode): Doc {
  if (ts.isTypeReferenceNode(node)) {
    return [src.textOf(node.typeName), typeArguments(src, node.typeArguments)];
  }
  const keywords = [
    ts.SyntaxKind.UnknownKeyword,
    ts.SyntaxKind.StringKeyword,
    ts.SyntaxKind.NumberKeyword,
    ts.SyntaxKind.BooleanKeyword,
    ts.SyntaxKind.UndefinedKeyword,
    ts.SyntaxKind.NeverKeyword,
    ts.SyntaxKind.VoidKeyword,
    ts.SyntaxKind.AnyKeyword,
    ts.SyntaxKind.BigIntKeyword,
  ];
  if (keywords.includes(node.kind)) return src.textOf(node);
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) {
    return normalizeString(src.textOf(node.literal));
  }
  throw new Error(`rpcgen format: unsupported type ${ts.SyntaxKind[node.kind]}`);
}

/** `<T>` stays on its line for one simple type; several may break one per line. */
export function typeArguments(src: Source, args: ts.NodeArray<ts.TypeNode> | undefined): Doc {
  if (args === undefined) return [];
  const [only] = args;
  const types = args.map((arg) => type(src, arg));
  if (args.length === 1 && only !== undefined && isSimpleType(only)) return ["<", types, ">"];
  return group(["<", softBlockIndent(join([",", line], types)), ">"]);
}

function isSimpleType(node: ts.TypeNode): boolean {
  if (ts.isTypeReferenceNode(node)) return node.typeArguments === undefined;
  return (
    ts.isLiteralTypeNode(node) ||
    (node.kind >= ts.SyntaxKind.FirstKeyword && node.kind <= ts.SyntaxKind.LastKeyword)
  );
}
