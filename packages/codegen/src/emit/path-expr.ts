import { isPropertyIdentifier } from "./names.js";
import { stringLiteral, templateText } from "./printer.js";

type Part = { readonly text: string } | { readonly expr: string };

/**
 * The path of a value inside a message, as code that builds it: `path`, `"req"`,
 * `` `${path}.from` ``, `` `${path}.path[${i}]` ``. Paths are built only where an error is
 * thrown or a named decoder is called, never for values that pass inline checks.
 */
export class PathExpr {
  readonly #parts: readonly Part[];
  /** For {@link root}: how the empty path reads in a message. */
  readonly #label: string | undefined;

  private constructor(parts: readonly Part[], label?: string) {
    this.#parts = parts;
    this.#label = label;
  }

  /**
   * The root of a request with zero or several parameters: its properties are the parameter
   * names themselves (`from.lat`, not `request.from.lat`), and the root reads as `label`.
   */
  static root(label: string): PathExpr {
    return new PathExpr([], label);
  }

  /** The path held in a variable (a decoder's `path` parameter). */
  static variable(name: string): PathExpr {
    return new PathExpr([{ expr: name }]);
  }

  /** A fixed path, such as a parameter name. */
  static literal(text: string): PathExpr {
    return new PathExpr([{ text }]);
  }

  /** `.name`, or `["my-name"]` when the name is not an identifier. */
  property(name: string): PathExpr {
    if (this.#parts.length === 0) return new PathExpr([{ text: name }]);
    const text = isPropertyIdentifier(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
    return new PathExpr([...this.#parts, { text }]);
  }

  /** `[n]` for a fixed index. */
  index(n: number): PathExpr {
    return new PathExpr([...this.#parts, { text: `[${n}]` }]);
  }

  /** `[${expr}]` for an index computed at run time. */
  indexOf(expr: string): PathExpr {
    return new PathExpr([...this.#parts, { text: "[" }, { expr }, { text: "]" }]);
  }

  /** `["key"]` for a string key known only at run time. */
  keyOf(expr: string): PathExpr {
    return this.indexOf(`JSON.stringify(${expr})`);
  }

  /** The code building this path. */
  toString(): string {
    const parts = merge(this.#parts);
    if (parts.length === 0) return stringLiteral(this.#label ?? "");
    const [first] = parts;
    if (parts.length === 1 && first !== undefined) {
      return "text" in first ? stringLiteral(first.text) : first.expr;
    }
    const body = parts.map((part) =>
      "text" in part ? templateText(part.text) : `\${${part.expr}}`,
    );
    return `\`${body.join("")}\``;
  }
}

function merge(parts: readonly Part[]): Part[] {
  const merged: Part[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (last !== undefined && "text" in last && "text" in part) {
      merged[merged.length - 1] = { text: last.text + part.text };
    } else {
      merged.push(part);
    }
  }
  return merged;
}
