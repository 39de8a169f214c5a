import { leadingComments } from "./comments.js";
import { type Doc, hardline } from "./doc.js";
import { printDoc } from "./print.js";
import { Source } from "./source.js";
import { statementList } from "./statements.js";

/**
 * Formats a TypeScript module written by the emitter as Biome would (2-space indent, width
 * 100, double quotes, semicolons, trailing commas). Throws on syntax the formatter does not
 * cover.
 */
export function formatTypeScript(text: string): string {
  const src = new Source(text);
  const { statements, endOfFileToken } = src.file;
  // Comments after the last statement: only a module of nothing but its header has them.
  const trailing = src.leadingComments(endOfFileToken);
  if (statements.length > 0 && trailing.length > 0) {
    throw new Error("rpcgen format: comments after the last statement are not supported");
  }
  const doc: Doc = [statementList(src, statements), leadingComments(src, endOfFileToken), hardline];
  src.checkAllCommentsPrinted();
  return printDoc(doc);
}
