import ts from "../../typescript.cjs";
import {
  bestFitting,
  type Doc,
  emptyLine,
  expandParent,
  group,
  hardline,
  indent,
  willBreak,
} from "./doc.js";
import { computedLookup, expression } from "./expressions.js";
import { isSimpleArgument } from "./simple-argument.js";
import { parentOf, type Source, unwrap } from "./source.js";

/**
 * Calls on members, `a.b(c).d(e)`: Biome's member chain (utils/member_chain). The chain splits
 * into a head (`a`, or `Array.from(x)` for a capitalized object) and groups each ending in a
 * call; with more than one group the chain stays on one line when it fits, else each group
 * starts an indented line.
 */

type Member =
  | { readonly kind: "node"; readonly node: ts.Expression }
  | { readonly kind: "static"; readonly node: ts.PropertyAccessExpression }
  | { readonly kind: "computed"; readonly node: ts.ElementAccessExpression }
  | { readonly kind: "call"; readonly node: ts.CallExpression; readonly start: boolean }
  | { readonly kind: "nonNull"; readonly node: ts.NonNullExpression };

/** `args(call)` formats a call's type arguments and arguments. */
export function memberChain(
  src: Source,
  root: ts.CallExpression,
  args: (call: ts.CallExpression) => Doc,
): Doc {
  const members = chainMembers(root);
  const [head, remaining] = splitHead(members);
  const tail = tailGroups(remaining);
  const first = tail[0];
  if (first !== undefined && shouldMerge(head, first, parentOf(root))) {
    head.push(...first);
    tail.shift();
  }
  const format = (member: Member): Doc => {
    switch (member.kind) {
      case "node":
        return expression(src, member.node);
      case "static":
        return [".", member.node.name.text];
      case "computed":
        return computedLookup(src, member.node);
      case "nonNull":
        return "!";
      case "call":
        return member.start ? expression(src, member.node) : args(member.node);
    }
  };
  const headDoc = head.map(format);
  const groupDocs = tail.map((members) => members.map(format));
  const oneLine: Doc = [headDoc, groupDocs];
  if (tail.length <= 1) return group(oneLine);
  const formatTail = groupDocs.map((doc, i) => [
    emptyLineBefore(src, tail[i] as Member[]) ? emptyLine : hardline,
    doc,
  ]);
  const expanded: Doc = [headDoc, indent(group(formatTail))];
  if (groupsShouldBreak(members, headDoc, groupDocs, tail)) return group(expanded);
  const lastBreaks = willBreak(groupDocs.at(-1) as Doc);
  const emptyBefore = emptyLineBefore(src, tail[0] as Member[]);
  return [emptyBefore || lastBreaks ? expandParent : [], bestFitting([oneLine, expanded])];
}

function chainMembers(root: ts.CallExpression): Member[] {
  const members: Member[] = [];
  let next: ts.Expression | undefined = root;
  let isRoot = true;
  while (next !== undefined) {
    const current: ts.Expression = next;
    next = undefined;
    if (ts.isCallExpression(current)) {
      const callee = unwrap(current.expression);
      const chained =
        ts.isPropertyAccessExpression(callee) ||
        ts.isElementAccessExpression(callee) ||
        ts.isCallExpression(callee);
      if (chained) next = callee;
      members.push({ kind: "call", node: current, start: !isRoot && !chained });
    } else if (ts.isPropertyAccessExpression(current)) {
      next = unwrap(current.expression);
      members.push({ kind: "static", node: current });
    } else if (ts.isElementAccessExpression(current)) {
      next = unwrap(current.expression);
      members.push({ kind: "computed", node: current });
    } else if (ts.isNonNullExpression(current)) {
      next = unwrap(current.expression);
      members.push({ kind: "nonNull", node: current });
    } else {
      members.push({ kind: "node", node: current });
    }
    isRoot = false;
  }
  return members.reverse();
}

function isNumberIndex(member: Member | undefined): boolean {
  return member?.kind === "computed" && ts.isNumericLiteral(unwrap(member.node.argumentExpression));
}

function isMemberRead(member: Member | undefined): boolean {
  return member?.kind === "static" || member?.kind === "computed";
}

/**
 * The head: the first member, the calls and number indexes right after it, and (unless it is a
 * call) the member reads that a further member read follows.
 */
function splitHead(members: Member[]): [Member[], Member[]] {
  let start = members.findIndex(
    (member, i) =>
      i > 0 && member.kind !== "call" && member.kind !== "nonNull" && !isNumberIndex(member),
  );
  if (start < 0) start = members.length;
  let end = start;
  if (members[0]?.kind !== "call") {
    while (end < members.length && isMemberRead(members[end]) && isMemberRead(members[end + 1]))
      end++;
  }
  return [members.slice(0, end), members.slice(end)];
}

/** Groups of the rest, each ending after a call (or a run of calls). */
function tailGroups(members: readonly Member[]): Member[][] {
  const groups: Member[][] = [];
  let current: Member[] | undefined;
  let seenCall = false;
  for (const member of members) {
    if (isMemberRead(member) && !isNumberIndex(member) && seenCall) {
      if (current !== undefined) groups.push(current);
      current = [member];
      seenCall = false;
      continue;
    }
    if (current === undefined) current = [];
    current.push(member);
    if (member.kind === "call") seenCall = true;
  }
  if (current !== undefined) groups.push(current);
  return groups;
}

/** Capitalized names and runs of `_` or `$` read as factories (`Array.from`, `_.map`). */
function isFactory(name: string): boolean {
  if (/^[_$]/.test(name)) return /^[_$]+$/.test(name);
  return /^\p{Uppercase}/u.test(name);
}

/** Whether the first group joins the head: `this.x()`, `Array.from(x)`, `a[0].b()`, `z.y()` as a statement. */
function shouldMerge(
  head: readonly Member[],
  first: readonly Member[],
  parent: ts.Node | undefined,
): boolean {
  const computed = first[0]?.kind === "computed";
  const [only] = head;
  if (head.length === 1 && only !== undefined) {
    if (only.kind !== "node") return false;
    if (only.node.kind === ts.SyntaxKind.ThisKeyword) return true;
    if (!ts.isIdentifier(only.node)) return false;
    const short =
      parent !== undefined && ts.isExpressionStatement(parent) && only.node.text.length <= 2;
    return computed || isFactory(only.node.text) || short;
  }
  const last = head.at(-1);
  if (last?.kind === "static") return isFactory(last.node.name.text) || computed;
  return false;
}

function groupsShouldBreak(
  members: readonly Member[],
  headDoc: Doc,
  groupDocs: readonly Doc[],
  tail: readonly (readonly Member[])[],
): boolean {
  const calls = members.flatMap((member) => (member.kind === "call" ? [member.node] : []));
  const functionArgument = calls.slice(0, -1).some((call) =>
    call.arguments.some((arg) => {
      const inner = unwrap(arg);
      return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
    }),
  );
  const complexArguments = calls.some(
    (call) => !call.arguments.every((arg) => isSimpleArgument(arg)),
  );
  if (calls.length > 2 && complexArguments) return true;
  const lastGroup = tail.at(-1);
  const lastIsCall = lastGroup?.at(-1)?.kind === "call";
  if (lastIsCall && willBreak(groupDocs.at(-1) as Doc) && functionArgument) return true;
  if (tail.length > 0 && willBreak(headDoc)) return true;
  return groupDocs.slice(0, -1).some(willBreak);
}

/** A group whose `.` the source put after an empty line keeps one. */
function emptyLineBefore(src: Source, members: readonly Member[]): boolean {
  const [first] = members;
  let between: string;
  if (first?.kind === "static")
    between = src.text.slice(first.node.expression.end, first.node.name.pos);
  else if (first?.kind === "computed") {
    between = src.text.slice(first.node.expression.end, first.node.argumentExpression.pos);
  } else return false;
  return (between.match(/\n/g)?.length ?? 0) > 1;
}
