/**
 * A small printer for Python source: four-space indentation, docstrings, PEP 8 blank lines
 * (two between top-level definitions), and Python string literals.
 */
export class PyPrinter {
  readonly #lines: string[] = [];
  #depth = 0;

  /** One line at the current indentation; an empty string is a blank line. */
  line(text = ""): void {
    this.#lines.push(text === "" ? "" : `${"    ".repeat(this.#depth)}${text}`);
  }

  lines(texts: readonly string[]): void {
    for (const text of texts) this.line(text);
  }

  /** `header:` then `body` one level deeper. */
  block(header: string, body: () => void): void {
    this.line(`${header}:`);
    this.indent(body);
  }

  /** `body` one level deeper (after a header written over several lines). */
  indent(body: () => void): void {
    this.#depth++;
    try {
      body();
    } finally {
      this.#depth--;
    }
  }

  /** A docstring: one line when it fits, else the summary and the rest on lines of their own. */
  doc(text: string | undefined): void {
    if (text === undefined || text.trim() === "") return;
    const clean = text.trim().replaceAll("\\", "\\\\").replaceAll('"""', '\\"\\"\\"');
    const room = maxWidth - 4 * this.#depth - 3;
    const lines = clean.split("\n").flatMap((line) => wrapWords(line.trimEnd(), room));
    const [first = ""] = lines;
    const width = 4 * this.#depth + first.length + 6;
    if (lines.length === 1 && width <= maxWidth) {
      this.line(`"""${first}"""`);
      return;
    }
    this.line(`"""${first}`);
    for (const rest of lines.slice(1)) this.line(rest);
    this.line('"""');
  }

  /** Two blank lines, PEP 8's separation between top-level definitions. */
  gap(): void {
    while (this.#lines.at(-1) === "") this.#lines.pop();
    if (this.#lines.length > 0) this.#lines.push("", "");
  }

  /** The source, ending with one newline. */
  toString(): string {
    while (this.#lines.at(-1) === "") this.#lines.pop();
    return `${this.#lines.join("\n")}\n`;
  }
}

/** `line` cut at spaces into lines of at most `width` characters (a longer word stays whole). */
function wrapWords(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  out.push(current);
  return out;
}

/** The longest line the generated code aims for (PEP 8's limit for code agreed on by a team). */
export const maxWidth = 99;

/**
 * A Python string literal with only what must be escaped escaped: double-quoted, or
 * single-quoted when that saves escaping double quotes (black's choice).
 */
export function pyString(text: string): string {
  const quote = text.includes('"') && !text.includes("'") ? "'" : '"';
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === quote || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || (code >= 0x2028 && code <= 0x2029)) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return `${out}${quote}`;
}

/** A literal value (string, number or boolean) as Python writes it. */
export function pyLiteral(value: string | number | boolean): string {
  if (typeof value === "string") return pyString(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Number.isInteger(value) && !Object.is(value, -0)) return String(value);
  if (Number.isFinite(value)) return String(value).includes(".") ? String(value) : `${value}.0`;
  return value > 0 ? 'float("inf")' : value < 0 ? 'float("-inf")' : 'float("nan")';
}

/**
 * A call `name(args...)` on one line when it fits in `width` columns, else one argument a
 * line (the layout black gives), for a statement at `indent` levels.
 */
export function pyCall(name: string, args: readonly string[], prefix: string, indent: number) {
  const flat = `${prefix}${name}(${args.join(", ")})`;
  if (4 * indent + flat.length <= maxWidth || args.length === 0) return [flat];
  return [`${prefix}${name}(`, ...args.map((arg) => `    ${arg},`), ")"];
}

/**
 * A statement ending in a call (`return f(a, b)`) on one line when it fits at `indent` levels,
 * else with the call's arguments one a line, as black lays it out.
 */
export function wrapCall(statement: string, indent: number): string[] {
  if (4 * indent + statement.length <= maxWidth || !statement.endsWith(")")) return [statement];
  const open = statement.indexOf("(");
  const args = splitTopLevel(statement.slice(open + 1, -1));
  if (open < 0 || args.length < 2) return [statement];
  return [statement.slice(0, open + 1), ...args.map((arg) => `    ${arg},`), ")"];
}

/** Splits `a, f(b, c), "d, e"` at the commas outside brackets and strings. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quote !== "") {
      if (char === "\\") i++;
      else if (char === quote) quote = "";
    } else if (char === '"' || char === "'") quote = char;
    else if ("([{".includes(char)) depth++;
    else if (")]}".includes(char)) depth--;
    else if (char === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== "");
}
