/** One fenced code block of a Markdown file. */
export interface Fence {
  /** The first word of the info string (`ts`, `sh`, `text`), lower-cased; "" when absent. */
  readonly lang: string;
  /** The rest of the info string (`server` in ```` ```sh server ````), trimmed. */
  readonly meta: string;
  /** The block's text, without the fence lines, ending with a newline when not empty. */
  readonly code: string;
  /** The 1-based line of the opening fence in the Markdown file. */
  readonly line: number;
  /** Columns of indentation taken off each line (a fence inside a list item is indented). */
  readonly indent: number;
  /**
   * The file the block is, when its first line is a comment naming a relative path
   * (`// src/server.ts`, or `# hello.py` in a Python block); the block's text then includes
   * that line, as a reader copies it.
   */
  readonly path: string | undefined;
}

const opening = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;
const pathComment = /^(?:\/\/|#)\s*([\w.@-]+(?:\/[\w.@-]+)*\.\w+)\s*$/;

/** Every fenced code block of `markdown`, in order (CommonMark's backtick and tilde fences). */
export function fencesOf(markdown: string): Fence[] {
  const lines = markdown.split("\n");
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = opening.exec(lines[i] ?? "");
    if (open === null) continue;
    const [, indent = "", marker = "", info = "", meta = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? "";
      if (line.trim().startsWith(marker) && line.trim().replace(/[`~]/g, "") === "") break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    const code = body.length === 0 ? "" : `${body.join("\n")}\n`;
    const first = pathComment.exec(body[0] ?? "");
    fences.push({
      lang: info.toLowerCase(),
      meta: meta.trim(),
      code,
      line: i + 1,
      indent: indent.length,
      path: first?.[1],
    });
    i = j;
  }
  return fences;
}
