import { stringLiteral } from "./printer.js";

/**
 * The import block of a generated module: symbols are recorded as code uses them, deduped,
 * merged per module, and printed in the order Biome's organizeImports action wants, so the
 * generated file passes `biome check` untouched.
 */

interface ImportedSymbol {
  /** The exported name. */
  readonly name: string;
  /** The local name, when it differs (an alias avoiding a clash). */
  readonly alias: string | undefined;
  /** Used only as a type (`import { type X }`). */
  typeOnly: boolean;
}

/** Tracks what a generated module imports. */
export class ImportTracker {
  readonly #modules = new Map<string, Map<string, ImportedSymbol>>();

  /** Records a value import of `name` from `from`, as `alias` if given. */
  value(name: string, from: string, alias?: string): void {
    this.#add(name, from, alias, false);
  }

  /** Records a type-only import of `name` from `from`, as `alias` if given. */
  type(name: string, from: string, alias?: string): void {
    this.#add(name, from, alias, true);
  }

  #add(name: string, from: string, alias: string | undefined, typeOnly: boolean): void {
    let symbols = this.#modules.get(from);
    if (symbols === undefined) {
      symbols = new Map();
      this.#modules.set(from, symbols);
    }
    const existing = symbols.get(name);
    if (existing === undefined) symbols.set(name, { name, alias, typeOnly });
    else if (!typeOnly) existing.typeOnly = false;
  }

  /** The import declarations, one per module, sorted as Biome sorts them. */
  render(): string[] {
    const sources = [...this.#modules.keys()].sort(compareSources);
    return sources.map((from) => {
      const symbols = [...(this.#modules.get(from)?.values() ?? [])].sort((a, b) =>
        compareNames(a.name, b.name),
      );
      const allTypes = symbols.every((symbol) => symbol.typeOnly);
      const specifiers = symbols.map((symbol) => {
        const aliased =
          symbol.alias === undefined ? symbol.name : `${symbol.name} as ${symbol.alias}`;
        return symbol.typeOnly && !allTypes ? `type ${aliased}` : aliased;
      });
      return `import ${allTypes ? "type " : ""}{ ${specifiers.join(", ")} } from ${stringLiteral(from)};`;
    });
  }
}

/**
 * Biome's natural order for imported names: letters compare case-insensitively, but at the
 * first letter that differs only in case the upper-case one comes first (`MethodKind` before
 * `method`); `_` and `$` come before digits, digits before letters, and runs of digits compare
 * by value (`a2` before `a10`).
 */
export function compareNames(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charAt(i);
    const y = b.charAt(j);
    if (isDigit(x) && isDigit(y)) {
      const runA = digitRun(a, i);
      const runB = digitRun(b, j);
      const byValue = Number(runA) - Number(runB);
      if (byValue !== 0) return byValue;
      if (runA.length !== runB.length) return runA.length - runB.length;
      i += runA.length;
      j += runB.length;
      continue;
    }
    if (x !== y) {
      const byRank = rank(x) - rank(y);
      if (byRank !== 0) return byRank;
      const lowerX = x.toLowerCase();
      const lowerY = y.toLowerCase();
      if (lowerX !== lowerY) return lowerX < lowerY ? -1 : 1;
      return x === lowerX ? 1 : -1;
    }
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

/**
 * Biome's order for module sources: `node:` and other protocols first, then packages, then
 * `#` aliases, then relative paths, farthest (most `../`) first; `/` sorts before `.` so a
 * folder's files come before a sibling file of the same stem.
 */
export function compareSources(a: string, b: string): number {
  const byKind = sourceKind(a) - sourceKind(b);
  if (byKind !== 0) return byKind;
  if (sourceKind(a) === 3) {
    const byDepth = parentCount(b) - parentCount(a);
    if (byDepth !== 0) return byDepth;
  }
  return compareNames(a.replace(/\//g, "\u0001"), b.replace(/\//g, "\u0001"));
}

function sourceKind(source: string): number {
  if (/^[a-z]+:/.test(source)) return 0;
  if (source.startsWith("#")) return 2;
  if (source.startsWith(".") || source.startsWith("/")) return 3;
  return 1;
}

function parentCount(source: string): number {
  return source.match(/\.\.\//g)?.length ?? 0;
}

function rank(char: string): number {
  if (char === "\u0001") return 0;
  if (char === "_") return 1;
  if (char === "$") return 2;
  if (isDigit(char)) return 4;
  if (/[A-Za-z]/.test(char)) return 5;
  return 3;
}

function isDigit(char: string): boolean {
  return char >= "0" && char <= "9";
}

function digitRun(text: string, start: number): string {
  let end = start;
  while (end < text.length && isDigit(text.charAt(end))) end++;
  return text.slice(start, end);
}
