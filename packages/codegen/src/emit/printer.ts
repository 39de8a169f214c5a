/**
 * A tiny code printer: lines at an indentation depth, braces blocks, JSDoc, and the escaping of
 * strings, template literals and comments. It writes one statement per line and never wraps:
 * the formatter in `format/` lays the module out afterwards (line width, quotes), so the printer
 * only has to produce valid code in the shape the formatter reads (an object literal written
 * over several lines stays expanded, as in Biome).
 */
export class CodePrinter {
  readonly #lines: string[] = [];
  #depth = 0;

  /** Writes one line at the current depth. */
  line(text: string): this {
    this.#lines.push(text === "" ? "" : "  ".repeat(this.#depth) + text);
    return this;
  }

  /** Writes several lines at the current depth. */
  lines(texts: readonly string[]): this {
    for (const text of texts) this.line(text);
    return this;
  }

  /** An empty line, never two in a row and never first. */
  blank(): this {
    const last = this.#lines.at(-1);
    if (last !== undefined && last !== "" && !last.endsWith("{")) this.#lines.push("");
    return this;
  }

  /** `head {`, the body one level deeper, then `tail` (default `}`). */
  block(head: string, body: () => void, tail = "}"): this {
    this.line(`${head} {`);
    this.#depth++;
    body();
    this.#depth--;
    return this.line(tail);
  }

  /**
   * `head` (an `if (...)` or `else`) over `body`: on one line when the body is one plain
   * statement, else as a block.
   */
  branch(head: string, body: readonly string[]): this {
    const [only] = body;
    // A last `else` may hold a lone `if`: no later `else` can attach to it.
    const elseIf = head === "else" && only?.startsWith("if (") === true;
    if (body.length === 1 && only !== undefined && (isPlainStatement(only) || elseIf)) {
      return this.line(`${head} ${only}`);
    }
    return this.block(head, () => this.lines(body));
  }

  /** A JSDoc comment, or nothing when `text` is undefined or blank. */
  doc(text: string | undefined): this {
    return this.lines(jsdoc(text));
  }

  /** A `//` comment, one per line of `text`. */
  comment(text: string): this {
    for (const line of text.split("\n")) this.line(line === "" ? "//" : `// ${line}`);
    return this;
  }

  /** Runs `body` one level deeper, without braces (a `case` clause's statements). */
  indent(body: () => void): this {
    this.#depth++;
    body();
    this.#depth--;
    return this;
  }

  /** The lines printed so far, indented relative to this printer; for embedding in another. */
  rawLines(): string[] {
    return [...this.#lines];
  }

  /** The printed code, ending with a newline. */
  toString(): string {
    return `${this.#lines.join("\n")}\n`;
  }
}

/**
 * True for a one-line statement that may stand alone as the body of an `if`: not a
 * declaration, not a block, and not an `if` (which could capture a following `else`).
 */
function isPlainStatement(line: string): boolean {
  return !/^(const|let|if|for|switch|try|function)\b/.test(line) && !line.endsWith("{");
}

/** A double-quoted string literal for `text`. */
export function stringLiteral(text: string): string {
  // JSON.stringify escapes quotes, backslashes and control characters; the two line separators
  // are legal in literals since ES2019 but confuse editors and older tools; and Biome flags a
  // `${` in a plain string as a template literal written by mistake.
  return JSON.stringify(text)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")
    .replace(/\$\{/g, "\\u0024{");
}

/** `text` escaped for the inside of a template literal (backticks, backslashes and `${`). */
export function templateText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/`/g, "\\`")
    .replace(/\$\{/g, "\\${")
    .replace(/\r/g, "\\r")
    .replace(/\n/g, "\\n")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * The lines of a JSDoc comment for `text`: one line when it fits, else one line per source
 * line. `*` followed by `/` cannot end the comment early: it is written `*\/`.
 */
export function jsdoc(text: string | undefined): string[] {
  if (text === undefined || text.trim() === "") return [];
  const lines = text
    .trim()
    .replace(/\r\n?/g, "\n")
    .replace(/\*\//g, "*\\/")
    .split("\n")
    .map((line) => line.trimEnd());
  if (lines.length === 1) return [`/** ${lines[0]} */`];
  return ["/**", ...lines.map((line) => (line === "" ? " *" : ` * ${line}`)), " */"];
}

/** A line comment's text made single-line (for `//` comments built from user input). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
