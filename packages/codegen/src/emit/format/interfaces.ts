import ts from "../../typescript.cjs";
import { leadingComments } from "./comments.js";
import {
  blockIndent,
  type Doc,
  group,
  hardline,
  ifBreak,
  indent,
  join,
  line,
  softline,
  space,
} from "./doc.js";
import { propertyName } from "./expressions.js";
import { type } from "./functions.js";
import type { Source } from "./source.js";

/**
 * `interface Name { key: Type; }` with property members only, as the emitter writes the map
 * of each method to its declared errors.
 */
export function interfaceDeclaration(src: Source, node: ts.InterfaceDeclaration): Doc {
  if (node.typeParameters !== undefined || node.heritageClauses !== undefined) {
    throw new Error("rpcgen format: only plain interfaces are supported");
  }
  const members = node.members.map((member, i) => {
    if (!ts.isPropertySignature(member) || member.type === undefined) {
      throw new Error("rpcgen format: only property signatures are supported in interfaces");
    }
    return [
      i === 0 ? [] : hardline,
      leadingComments(src, member),
      member.modifiers === undefined ? [] : ["readonly", space],
      propertyName(src, member.name),
      member.questionToken === undefined ? [] : "?",
      ":",
      space,
      memberType(src, member.type),
      ";",
    ];
  });
  const body = members.length === 0 ? "{}" : ["{", blockIndent(members), "}"];
  return ["interface", space, node.name.text, space, body];
}

/**
 * A member's type. A union that does not fit goes one member per line under the key, each
 * after a leading `|`, as Biome writes it.
 */
function memberType(src: Source, node: ts.TypeNode): Doc {
  if (!ts.isUnionTypeNode(node)) return type(src, node);
  const members = node.types.map((member) => type(src, member));
  return group(indent([softline, ifBreak(["|", space]), join([line, "|", space], members)]));
}
