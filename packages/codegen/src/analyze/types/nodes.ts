import ts from "../../typescript.cjs";
import type { Context, Site } from "./context.js";

/** `(A)` is `A`. */
export function unwrap(node: ts.TypeNode | undefined): ts.TypeNode | undefined {
  let current = node;
  while (current !== undefined && ts.isParenthesizedTypeNode(current)) current = current.type;
  return current;
}

/** True for nodes in the user's files: not the standard library, not node_modules. */
export function isUserNode(ctx: Context, node: ts.Node): boolean {
  const file = node.getSourceFile();
  return (
    !ctx.program.isSourceFileDefaultLibrary(file) &&
    !ctx.program.isSourceFileFromExternalLibrary(file)
  );
}

/**
 * The site of a child type. The node is kept for structure (aliases, union order) only when it
 * denotes exactly `type`: inside a generic declaration `items: T[]` is not `Route[]`. It becomes
 * the anchor whenever it is in the user's files, so problems point at the closest thing written.
 */
export function siteOf(
  ctx: Context,
  type: ts.Type,
  node: ts.Node | undefined,
  parent: ts.Node,
): Site {
  const typeNode = node !== undefined && ts.isTypeNode(node) ? unwrap(node) : undefined;
  const anchor = node !== undefined && isUserNode(ctx, node) ? (typeNode ?? node) : parent;
  if (typeNode === undefined) return { node: undefined, anchor };
  const matches = ctx.checker.getTypeFromTypeNode(typeNode) === type;
  return { node: matches ? typeNode : undefined, anchor };
}

/** The members of a union type, or the type itself. */
export function flatten(type: ts.Type): readonly ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

/** True when two lists hold the same types, ignoring order. */
export function sameTypes(a: readonly ts.Type[], b: readonly ts.Type[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((t) => set.has(t));
}

/** The type arguments written on a reference (`Page<Route>`), if any. */
export function typeArgumentNodes(node: ts.TypeNode | undefined): readonly ts.TypeNode[] {
  if (node !== undefined && ts.isTypeReferenceNode(node)) return node.typeArguments ?? [];
  return [];
}

/** A node's text on one line, shortened: how the user wrote the type, for messages. */
export function written(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, " ").replace(/[;,]$/, "").trim();
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** Code in a message, in backticks (doubled when the code has its own, as Markdown does). */
export function quote(code: string): string {
  return code.includes("`") ? `\`\` ${code} \`\`` : `\`${code}\``;
}
