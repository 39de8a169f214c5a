import ts from "../../typescript.cjs";
import type { Doc } from "./doc.js";

/**
 * The parsed module being formatted and what the layout rules ask about it: logical parents
 * (parentheses are transparent, as after Biome's parenthesis removal), how many line breaks
 * precede a node, and its comments.
 */
export class Source {
  readonly file: ts.SourceFile;
  readonly text: string;
  /** Start positions of the comments printed so far, to check that none was lost. */
  readonly printedComments = new Set<number>();
  /** The layout of each arrow function's body, built once. */
  readonly bodies = new Map<ts.ConciseBody, Doc>();

  constructor(text: string) {
    this.text = text;
    this.file = ts.createSourceFile("generated.ts", text, ts.ScriptTarget.Latest, true);
  }

  /** The text of `node` as written. */
  textOf(node: ts.Node): string {
    return this.text.slice(node.getStart(this.file), node.end);
  }

  /**
   * Line breaks between the previous token and `node`, counted up to its first comment (Biome's
   * `get_lines_before`): more than 1 means an empty line.
   */
  linesBefore(node: ts.Node): number {
    const start = node.getFullStart();
    const comments = ts.getLeadingCommentRanges(this.text, start) ?? [];
    const end = comments[0]?.pos ?? node.getStart(this.file);
    return countNewlines(this.text.slice(start, end));
  }

  /** The comments before `node` (after the previous token). */
  leadingComments(node: ts.Node): Comment[] {
    return this.commentsAt(node.getFullStart(), node.getStart(this.file));
  }

  /** The comments in the trivia starting at `pos`, up to the next token at `end`. */
  commentsAt(pos: number, end: number): Comment[] {
    const ranges = ts.getLeadingCommentRanges(this.text, pos) ?? [];
    return ranges.map((range, i) => {
      const next = ranges[i + 1]?.pos ?? end;
      return {
        pos: range.pos,
        text: this.text.slice(range.pos, range.end),
        line: range.kind === ts.SyntaxKind.SingleLineCommentTrivia,
        linesBefore: countNewlines(
          this.text.slice(i === 0 ? pos : (ranges[i - 1]?.end ?? pos), range.pos),
        ),
        linesAfter: countNewlines(this.text.slice(range.end, next)),
      };
    });
  }

  /** Throws unless every comment of the module was printed. */
  checkAllCommentsPrinted(): void {
    const found = new Set<number>();
    const collect = (pos: number) => {
      for (const range of ts.getLeadingCommentRanges(this.text, pos) ?? []) found.add(range.pos);
    };
    const visit = (node: ts.Node) => {
      collect(node.pos);
      collect(node.end);
      ts.forEachChild(node, visit, (nodes) => {
        collect(nodes.pos);
        collect(nodes.end);
        for (const child of nodes) visit(child);
      });
    };
    visit(this.file);
    for (const pos of found) {
      if (!this.printedComments.has(pos)) {
        throw new Error(`rpcgen format: the comment at offset ${pos} has no place in the layout`);
      }
    }
  }
}

/** A comment in the source. */
export interface Comment {
  readonly pos: number;
  readonly text: string;
  /** A `//` comment (else a block comment). */
  readonly line: boolean;
  readonly linesBefore: number;
  readonly linesAfter: number;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** `node` without the parentheses around it. */
export function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** The parent of `node`, skipping parentheses. */
export function parentOf(node: ts.Node): ts.Node | undefined {
  let parent = node.parent;
  while (parent !== undefined && ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return parent;
}

/** True when `child` (parentheses aside) is `slot` of its parent. */
export function isSlot(child: ts.Node, slot: ts.Node | undefined): boolean {
  return slot !== undefined && ts.isExpression(slot) && unwrap(slot) === child;
}

/** True for `a op b` where op is not an assignment or a comma (Biome's binary-like). */
export function isBinaryLike(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && precedenceOf(node.operatorToken.kind) > 0;
}

/** True for `&&`, `||` and `??` (Biome's logical expressions). */
export function isLogical(node: ts.Node): node is ts.BinaryExpression {
  if (!ts.isBinaryExpression(node)) return false;
  const op = node.operatorToken.kind;
  return (
    op === ts.SyntaxKind.AmpersandAmpersandToken ||
    op === ts.SyntaxKind.BarBarToken ||
    op === ts.SyntaxKind.QuestionQuestionToken
  );
}

/** True for an assignment `a = b` (or `a += b`...). */
export function isAssignment(node: ts.Node): node is ts.BinaryExpression {
  return (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  );
}

/** Biome's operator precedence of a binary operator; 0 for assignments and commas. */
export function precedenceOf(op: ts.SyntaxKind): number {
  switch (op) {
    case ts.SyntaxKind.QuestionQuestionToken:
      return 1;
    case ts.SyntaxKind.BarBarToken:
      return 2;
    case ts.SyntaxKind.AmpersandAmpersandToken:
      return 3;
    case ts.SyntaxKind.BarToken:
      return 4;
    case ts.SyntaxKind.CaretToken:
      return 5;
    case ts.SyntaxKind.AmpersandToken:
      return 6;
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      return 7;
    case ts.SyntaxKind.LessThanToken:
    case ts.SyntaxKind.GreaterThanToken:
    case ts.SyntaxKind.LessThanEqualsToken:
    case ts.SyntaxKind.GreaterThanEqualsToken:
    case ts.SyntaxKind.InstanceOfKeyword:
    case ts.SyntaxKind.InKeyword:
      return 8;
    case ts.SyntaxKind.LessThanLessThanToken:
    case ts.SyntaxKind.GreaterThanGreaterThanToken:
    case ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken:
      return 9;
    case ts.SyntaxKind.PlusToken:
    case ts.SyntaxKind.MinusToken:
      return 10;
    case ts.SyntaxKind.AsteriskToken:
    case ts.SyntaxKind.SlashToken:
    case ts.SyntaxKind.PercentToken:
      return 11;
    case ts.SyntaxKind.AsteriskAsteriskToken:
      return 12;
    default:
      return 0;
  }
}

/** A unary expression in Biome's sense: `!x`, `-x`, `typeof x`, `delete x`, `void x`. */
export function isUnary(node: ts.Node): boolean {
  return (
    (ts.isPrefixUnaryExpression(node) &&
      node.operator !== ts.SyntaxKind.PlusPlusToken &&
      node.operator !== ts.SyntaxKind.MinusMinusToken) ||
    ts.isTypeOfExpression(node) ||
    ts.isDeleteExpression(node) ||
    ts.isVoidExpression(node)
  );
}

/** True when `node` is the callee of a call or `new`, the object of a member access, or a tag. */
export function isCalleeOrObject(node: ts.Node, parent: ts.Node | undefined): boolean {
  if (parent === undefined) return false;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    return isSlot(node, parent.expression);
  }
  if (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) {
    return isSlot(node, parent.expression);
  }
  if (ts.isTaggedTemplateExpression(parent)) return isSlot(node, parent.tag);
  return ts.isNonNullExpression(parent);
}
