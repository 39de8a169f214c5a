import ts from "../../typescript.cjs";
import { assignmentLike } from "./assignment.js";
import { danglingComments, leadingComments } from "./comments.js";
import {
  blockIndent,
  type Doc,
  emptyLine,
  group,
  hardline,
  ifBreak,
  indent,
  join,
  line,
  softBlockIndent,
  softSpaceBlockIndent,
  space,
} from "./doc.js";
import { expression } from "./expressions.js";
import { parameters, type } from "./functions.js";
import { interfaceDeclaration } from "./interfaces.js";
import { normalizeString } from "./literals.js";
import { isBinaryLike, type Source, unwrap } from "./source.js";

/** Statements and declarations, one per line, with the empty lines of the source (at most one). */
export function statementList(src: Source, statements: readonly ts.Statement[]): Doc {
  return statements.map((node, i) => [
    i === 0 ? [] : src.linesBefore(node) > 1 ? emptyLine : hardline,
    leadingComments(src, node),
    statement(src, node),
  ]);
}

/** `{ statements }`; `functionBody` blocks collapse to `{}` when empty. */
export function statementsBlock(src: Source, block: ts.Block, functionBody = false): Doc {
  if (block.statements.length > 0)
    return ["{", blockIndent(statementList(src, block.statements)), "}"];
  const close = block.end - 1;
  const comments = danglingComments(src, block.statements.pos, close);
  if (comments.length > 0) return ["{", blockIndent(comments), "}"];
  const collapses =
    functionBody || ts.isForStatement(block.parent) || ts.isCatchClause(block.parent);
  return collapses ? "{}" : ["{", hardline, "}"];
}

function statement(src: Source, node: ts.Statement): Doc {
  switch (node.kind) {
    case ts.SyntaxKind.ImportDeclaration:
      return importDeclaration(src, node as ts.ImportDeclaration);
    case ts.SyntaxKind.FunctionDeclaration:
      return functionDeclaration(src, node as ts.FunctionDeclaration);
    case ts.SyntaxKind.VariableStatement: {
      const variable = node as ts.VariableStatement;
      return [exported(variable), variableList(src, variable.declarationList), ";"];
    }
    case ts.SyntaxKind.TypeAliasDeclaration: {
      const alias = node as ts.TypeAliasDeclaration;
      return [exported(alias), "type", space, group(assignmentLike(src, alias)), ";"];
    }
    case ts.SyntaxKind.InterfaceDeclaration: {
      const declaration = node as ts.InterfaceDeclaration;
      return [exported(declaration), interfaceDeclaration(src, declaration)];
    }
    case ts.SyntaxKind.ExpressionStatement:
      return [expression(src, (node as ts.ExpressionStatement).expression), ";"];
    case ts.SyntaxKind.ReturnStatement:
    case ts.SyntaxKind.ThrowStatement: {
      const argument = (node as ts.ReturnStatement | ts.ThrowStatement).expression;
      const keyword = ts.isReturnStatement(node) ? "return" : "throw";
      return [keyword, argument === undefined ? [] : [space, returnArgument(src, argument)], ";"];
    }
    case ts.SyntaxKind.IfStatement:
      return ifStatement(src, node as ts.IfStatement);
    case ts.SyntaxKind.ForStatement:
      return forStatement(src, node as ts.ForStatement);
    case ts.SyntaxKind.ForInStatement: {
      const loop = node as ts.ForInStatement;
      const init = ts.isVariableDeclarationList(loop.initializer)
        ? variableList(src, loop.initializer)
        : expression(src, loop.initializer);
      const head = [
        "for",
        space,
        "(",
        init,
        space,
        "in",
        space,
        expression(src, loop.expression),
        ")",
      ];
      return group([head, body(src, loop.statement)]);
    }
    case ts.SyntaxKind.SwitchStatement:
      return switchStatement(src, node as ts.SwitchStatement);
    case ts.SyntaxKind.TryStatement:
      return tryStatement(src, node as ts.TryStatement);
    case ts.SyntaxKind.Block:
      return statementsBlock(src, node as ts.Block);
    case ts.SyntaxKind.ContinueStatement:
    case ts.SyntaxKind.BreakStatement: {
      const jump = node as ts.ContinueStatement | ts.BreakStatement;
      const keyword = ts.isContinueStatement(jump) ? "continue" : "break";
      return [keyword, jump.label === undefined ? [] : [space, jump.label.text], ";"];
    }
    default:
      throw new Error(`rpcgen format: unsupported statement ${ts.SyntaxKind[node.kind]}`);
  }
}

function exported(node: ts.HasModifiers): Doc {
  const modifiers = ts.getModifiers(node) ?? [];
  for (const modifier of modifiers) {
    if (modifier.kind !== ts.SyntaxKind.ExportKeyword) {
      throw new Error(`rpcgen format: unsupported modifier ${ts.SyntaxKind[modifier.kind]}`);
    }
  }
  return modifiers.length > 0 ? ["export", space] : [];
}

/** `const a = b` (one declarator, as generated code always has). */
function variableList(src: Source, list: ts.VariableDeclarationList): Doc {
  const kind =
    list.flags & ts.NodeFlags.Const ? "const" : list.flags & ts.NodeFlags.Let ? "let" : "var";
  const [only] = list.declarations;
  if (list.declarations.length !== 1 || only === undefined) {
    throw new Error("rpcgen format: one declarator per declaration is supported");
  }
  return group([kind, space, assignmentLike(src, only)]);
}

/** A binary `return` argument gets parentheses when it breaks over lines. */
function returnArgument(src: Source, argument: ts.Expression): Doc {
  const doc = expression(src, argument);
  if (!isBinaryLike(unwrap(argument))) return doc;
  return group([ifBreak("("), softBlockIndent(doc), ifBreak(")")]);
}

/** The statement of an `if`, `else` or loop: a block after a space, else on the next line when needed. */
function body(src: Source, node: ts.Statement, forceSpace = false): Doc {
  if (ts.isEmptyStatement(node)) return ";";
  if (ts.isBlock(node) || forceSpace) return [space, statement(src, node)];
  return indent([line, statement(src, node)]);
}

function ifStatement(src: Source, node: ts.IfStatement): Doc {
  const head = ["if", space, "(", group(softBlockIndent(expression(src, node.expression))), ")"];
  const doc: Doc[] = [group([head, body(src, node.thenStatement)])];
  const otherwise = node.elseStatement;
  if (otherwise !== undefined) {
    doc.push(ts.isBlock(node.thenStatement) ? space : hardline);
    doc.push("else", group(body(src, otherwise, ts.isIfStatement(otherwise))));
  }
  return doc;
}

function forStatement(src: Source, node: ts.ForStatement): Doc {
  const init = node.initializer;
  const parts = [
    init === undefined
      ? []
      : ts.isVariableDeclarationList(init)
        ? variableList(src, init)
        : expression(src, init),
    ";",
    line,
    node.condition === undefined ? [] : expression(src, node.condition),
    ";",
    line,
    node.incrementor === undefined ? [] : expression(src, node.incrementor),
  ];
  return group(["for", space, "(", group(softBlockIndent(parts)), ")", body(src, node.statement)]);
}

function switchStatement(src: Source, node: ts.SwitchStatement): Doc {
  const clauses = node.caseBlock.clauses.map((clause, i) => {
    const head = ts.isCaseClause(clause)
      ? ["case", space, expression(src, clause.expression), ":"]
      : "default:";
    const statements = clause.statements;
    const [first] = statements;
    let rest: Doc = [];
    if (statements.length === 1 && first !== undefined && ts.isBlock(first)) {
      rest = [space, statement(src, first)];
    } else if (statements.length > 0) {
      rest = indent([hardline, statementList(src, statements)]);
    }
    const before = i === 0 ? [] : src.linesBefore(clause) > 1 ? emptyLine : hardline;
    return [before, leadingComments(src, clause), head, rest];
  });
  const discriminant = group(softBlockIndent(expression(src, node.expression)));
  return ["switch", space, "(", discriminant, ")", space, "{", blockIndent(clauses), "}"];
}

function tryStatement(src: Source, node: ts.TryStatement): Doc {
  const handler = node.catchClause;
  if (handler === undefined || node.finallyBlock !== undefined) {
    throw new Error("rpcgen format: only try/catch is supported");
  }
  const binding = handler.variableDeclaration;
  const declaration = binding === undefined ? [] : ["(", src.textOf(binding), ")", space];
  const catchDoc = ["catch", space, declaration, statementsBlock(src, handler.block)];
  return ["try", space, statementsBlock(src, node.tryBlock), space, catchDoc];
}

function functionDeclaration(src: Source, node: ts.FunctionDeclaration): Doc {
  if (node.body === undefined || node.name === undefined || node.typeParameters !== undefined) {
    throw new Error("rpcgen format: only plain function declarations are supported");
  }
  if (node.asteriskToken !== undefined)
    throw new Error("rpcgen format: generators are not supported");
  const returnType = node.type === undefined ? [] : [":", space, type(src, node.type)];
  return [
    exported(node),
    "function",
    space,
    node.name.text,
    group([parameters(src, node.parameters), returnType]),
    space,
    statementsBlock(src, node.body, true),
  ];
}

function importDeclaration(src: Source, node: ts.ImportDeclaration): Doc {
  const clause = node.importClause;
  const bindings = clause?.namedBindings;
  if (
    clause === undefined ||
    clause.name !== undefined ||
    bindings === undefined ||
    !ts.isNamedImports(bindings)
  ) {
    throw new Error("rpcgen format: only named imports are supported");
  }
  const specifiers = bindings.elements.map((element) => {
    const name =
      element.propertyName === undefined
        ? []
        : [element.propertyName.getText(src.file), space, "as", space];
    return [element.isTypeOnly ? ["type", space] : [], name, element.name.text];
  });
  const [only] = specifiers;
  let named: Doc;
  if (specifiers.length === 1 && only !== undefined) named = ["{", space, only, space, "}"];
  else {
    const list = join([",", line], specifiers);
    named = ["{", group(softSpaceBlockIndent([list, ifBreak(",")])), "}"];
  }
  const from = normalizeString(src.textOf(node.moduleSpecifier));
  return [
    "import",
    space,
    clause.isTypeOnly ? ["type", space] : [],
    named,
    space,
    "from",
    space,
    from,
    ";",
  ];
}
