import { relative, sep } from "node:path";
import ts from "../typescript.cjs";

/** One problem found in the IDL, with a 1-based position in the file that causes it. */
export interface Diagnostic {
  /** Absolute path of the file. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** What is wrong, the type as written, why, and what to write instead. */
  readonly message: string;
  /** A stable code such as `unsupported-function`, or `ts2307` for a TypeScript error. */
  readonly code: string;
}

/**
 * Collects diagnostics instead of throwing, so one run reports every problem. Identical
 * diagnostics are kept once: a named type used by many methods is walked more than once (see
 * the registry), and its problems must not be repeated. An observer hears of every report,
 * repeats included, by key: that is how each problem learns every method that reaches it.
 */
export class DiagnosticSink {
  readonly #list = new Map<string, Diagnostic>();
  #observer: ((key: string) => void) | undefined;

  /** Reports at the start of `node` (leading trivia and JSDoc skipped). */
  atNode(node: ts.Node, code: string, message: string): void {
    const file = node.getSourceFile();
    this.atPosition(file, node.getStart(file), code, message);
  }

  atPosition(file: ts.SourceFile, pos: number, code: string, message: string): void {
    const { line, character } = file.getLineAndCharacterOfPosition(pos);
    this.add({ file: file.fileName, line: line + 1, column: character + 1, message, code });
  }

  add(d: Diagnostic): void {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`;
    if (!this.#list.has(key)) this.#list.set(key, d);
    this.#observer?.(key);
  }

  /** Calls `observer` with the key of every diagnostic reported from now on. */
  observe(observer: (key: string) => void): void {
    this.#observer = observer;
  }

  /** How many different diagnostics were reported. */
  get size(): number {
    return this.#list.size;
  }

  /** TypeScript's own diagnostics, with `ts<code>` codes. */
  addTypeScript(diagnostics: readonly ts.Diagnostic[], fallbackFile: string): void {
    for (const d of diagnostics) {
      if (d.category !== ts.DiagnosticCategory.Error) continue;
      const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
      const code = `ts${d.code}`;
      if (d.file !== undefined && d.start !== undefined)
        this.atPosition(d.file, d.start, code, message);
      else this.add({ file: fallbackFile, line: 1, column: 1, message, code });
    }
  }

  /**
   * Sorted by file, line, column, then code and message, so output is deterministic. `note`
   * may add a sentence to a diagnostic's message, found by its key.
   */
  sorted(note?: (key: string) => string | undefined): Diagnostic[] {
    const list = [...this.#list].map(([key, d]) => {
      const extra = note?.(key);
      return extra === undefined ? d : { ...d, message: `${d.message} ${extra}` };
    });
    return list.sort(compareDiagnostics);
  }
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}

/** Code-unit order, independent of the locale the tool runs in. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One line per diagnostic, the shape editors and terminals turn into links:
 * `services/path.ts:12:5 error: <message> [<code>]`, the path relative to `cwd`.
 */
export function formatDiagnostic(d: Diagnostic, cwd: string): string {
  const path = relative(cwd, d.file).split(sep).join("/") || d.file;
  return `${path}:${d.line}:${d.column} error: ${d.message} [${d.code}]`;
}
