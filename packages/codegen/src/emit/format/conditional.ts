import ts from "../../typescript.cjs";
import { type Doc, group, indent, line, space } from "./doc.js";
import { expression } from "./expressions.js";
import { parentOf, type Source } from "./source.js";

/**
 * `test ? consequent : alternate`: on one line, or with `? ` and `: ` starting indented lines
 * (Biome's conditional layout for a conditional that is not nested in another).
 */
export function conditional(src: Source, node: ts.ConditionalExpression): Doc {
  const parent = parentOf(node);
  if (parent !== undefined && ts.isConditionalExpression(parent)) {
    throw new Error("rpcgen format: nested conditional expressions are not supported");
  }
  // Biome aligns the branches by two spaces, the same as one indent level here.
  const tail: Doc = [
    line,
    "?",
    space,
    indent(expression(src, node.whenTrue)),
    line,
    ":",
    space,
    indent(expression(src, node.whenFalse)),
  ];
  return group([expression(src, node.condition), indent(tail)]);
}
