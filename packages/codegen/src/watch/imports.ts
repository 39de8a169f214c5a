import { dirname, resolve } from "node:path";
import ts from "../typescript.cjs";

/** The module specifiers of a source file, found once per parse. */
const specifiersOf = new WeakMap<ts.SourceFile, readonly ts.StringLiteralLike[]>();

/**
 * The files `root` depends on, itself included: everything it imports or re-exports (import
 * types too), transitively, as the program resolved them, leaving out the standard library and
 * packages (they change only with an install, which touches package.json).
 */
export function importClosure(program: ts.Program, root: string): Set<string> {
  const checker = program.getTypeChecker();
  const seen = new Set<string>();
  const stack = [program.getSourceFile(root)];
  for (let file = stack.pop(); file !== undefined; file = stack.pop()) {
    if (seen.has(file.fileName) || isOutside(program, file)) continue;
    seen.add(file.fileName);
    for (const specifier of specifiers(file)) {
      const declaration = checker.getSymbolAtLocation(specifier)?.declarations?.[0];
      if (declaration !== undefined) stack.push(declaration.getSourceFile());
    }
    for (const reference of file.referencedFiles) {
      stack.push(program.getSourceFile(resolve(dirname(file.fileName), reference.fileName)));
    }
  }
  return seen;
}

function isOutside(program: ts.Program, file: ts.SourceFile): boolean {
  return program.isSourceFileDefaultLibrary(file) || program.isSourceFileFromExternalLibrary(file);
}

function specifiers(file: ts.SourceFile): readonly ts.StringLiteralLike[] {
  let found = specifiersOf.get(file);
  if (found === undefined) {
    const list: ts.StringLiteralLike[] = [];
    const visit = (node: ts.Node): void => {
      const specifier = specifierOf(node);
      if (specifier !== undefined) list.push(specifier);
      ts.forEachChild(node, visit);
    };
    visit(file);
    found = list;
    specifiersOf.set(file, found);
  }
  return found;
}

/** `from "x"`, `import x = require("x")`, `import("x")` as a type or a call. */
function specifierOf(node: ts.Node): ts.StringLiteralLike | undefined {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
    const specifier = node.moduleSpecifier;
    return specifier !== undefined && ts.isStringLiteralLike(specifier) ? specifier : undefined;
  }
  if (ts.isExternalModuleReference(node) && ts.isStringLiteralLike(node.expression)) {
    return node.expression;
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
    const literal = node.argument.literal;
    return ts.isStringLiteralLike(literal) ? literal : undefined;
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const first = node.arguments[0];
    return first !== undefined && ts.isStringLiteralLike(first) ? first : undefined;
  }
  return undefined;
}
