import type ts from "typescript";
import { type Doc, emptyLine, hardline, line, space } from "./doc.js";
import type { Comment, Source } from "./source.js";

/**
 * Comments the emitter writes: `//` lines and JSDoc blocks before statements and object
 * members, and a `//` line alone in a block. Biome re-indents a JSDoc block's lines and keeps
 * at most one empty line after a comment.
 */

/** The comments before `node`, each followed by its line break. */
export function leadingComments(src: Source, node: ts.Node): Doc {
  return src.leadingComments(node).map((comment) => {
    printed(src, comment);
    return [commentText(comment), after(comment)];
  });
}

/** The comments alone between `pos` and the closing token at `end` (an empty block's). */
export function danglingComments(src: Source, pos: number, end: number): Doc[] {
  return src.commentsAt(pos, end).map((comment, i) => {
    printed(src, comment);
    return i === 0 ? commentText(comment) : [hardline, commentText(comment)];
  });
}

/**
 * Records `comment` as printed. One on the line of the code before it would be that code's
 * trailing comment for Biome, a placement this layout does not reproduce.
 */
function printed(src: Source, comment: Comment): void {
  if (comment.linesBefore === 0 && comment.pos > 0) {
    throw new Error(`rpcgen format: a comment after code on its line, at offset ${comment.pos}`);
  }
  src.printedComments.add(comment.pos);
}

function after(comment: Comment): Doc {
  if (comment.line) return comment.linesAfter > 1 ? emptyLine : hardline;
  if (comment.linesAfter === 0) return space;
  if (comment.linesAfter === 1) return comment.linesBefore === 0 ? line : hardline;
  return emptyLine;
}

/** A comment's text; a block whose lines all start with `*` is re-aligned under its `/**`. */
function commentText(comment: Comment): Doc {
  const lines = comment.text.split("\n");
  const aligned =
    lines.length > 1 && lines.slice(1).every((text) => text.replace(leading, "").startsWith("*"));
  if (!aligned) {
    if (lines.length > 1) throw new Error("rpcgen format: a block comment Biome would not align");
    return comment.text;
  }
  return lines.map((text, i) =>
    i === 0
      ? text.replace(trailing, "")
      : [hardline, " ", text.replace(leading, "").replace(trailing, "")],
  );
}

// Rust's `trim` (Biome's): Unicode White_Space, which is not quite JavaScript's.
const leading = /^\p{White_Space}+/u;
const trailing = /\p{White_Space}+$/u;
