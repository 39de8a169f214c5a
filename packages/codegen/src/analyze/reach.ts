import type { Mode } from "./types/context.js";

/**
 * Which methods reach which problems. A named type is walked once per mode however many methods
 * use it, so a problem inside it is found once, under whichever method came first. The walk is
 * therefore recorded as a graph: methods and named types (the "owners") refer to named types,
 * and each problem is found while walking one owner. At the end, every problem lists every
 * method that reaches it, through any chain of references (recursive types included), so one
 * run shows everything a broken shared type affects.
 */
export class Reach {
  readonly #refers = new Map<string, Set<string>>();
  readonly #found = new Map<string, Set<string>>();
  /** Method owners in the order they were walked, with how to name them. */
  readonly #methods = new Map<string, { readonly label: string; readonly side: Mode }>();
  #current: string | undefined;

  /**
   * Walks one side of a method (`label` is `Service.method`) with the method as the owner of
   * what is found. `scope` tells apart files analyzed in one run.
   */
  method<T>(scope: number, label: string, side: Mode, walk: () => T): T {
    const owner = `method ${scope} ${label} ${side}`;
    this.#methods.set(owner, { label, side });
    return this.within(owner, walk);
  }

  /** Walks with `owner` (a named type's key) as the owner of what is found. */
  within<T>(owner: string, walk: () => T): T {
    const saved = this.#current;
    this.#current = owner;
    try {
      return walk();
    } finally {
      this.#current = saved;
    }
  }

  /** The current owner refers to `target`, whether its body is walked now, was, or is being. */
  refer(target: string): void {
    if (this.#current === undefined) return;
    add(this.#refers, this.#current, target);
  }

  /** A problem (a diagnostic's key) was found while walking the current owner. */
  found(problem: string): void {
    if (this.#current === undefined) return;
    add(this.#found, this.#current, problem);
  }

  /**
   * For each problem found, the methods that reach it, one entry per method in the order the
   * methods were walked: `PathService.route (request)`, `Admin.reset (request and response)`.
   */
  reachers(): Map<string, string[]> {
    const sides = new Map<string, Map<string, Set<Mode>>>();
    for (const [owner, { label, side }] of this.#methods) {
      for (const problem of this.#reachable(owner)) {
        const methods = sides.get(problem) ?? new Map<string, Set<Mode>>();
        sides.set(problem, methods);
        methods.set(label, (methods.get(label) ?? new Set<Mode>()).add(side));
      }
    }
    const result = new Map<string, string[]>();
    for (const [problem, methods] of sides) {
      const labels = [...methods].map(([label, set]) => `${label} (${sideText(set)})`);
      result.set(problem, labels);
    }
    return result;
  }

  /** The problems found in `owner` and in every owner it reaches. */
  #reachable(owner: string): Set<string> {
    const problems = new Set<string>();
    const seen = new Set<string>([owner]);
    const stack = [owner];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      for (const problem of this.#found.get(next) ?? []) problems.add(problem);
      for (const target of this.#refers.get(next) ?? []) {
        if (seen.has(target)) continue;
        seen.add(target);
        stack.push(target);
      }
    }
    return problems;
  }
}

/**
 * The sentence a diagnostic ends with: every method that reaches its problem. Said even when
 * there is one, so a reader never has to guess whether others are affected.
 */
export function usedByNote(methods: readonly string[]): string | undefined {
  return methods.length === 0 ? undefined : `Used by ${methods.join(", ")}.`;
}

function sideText(sides: ReadonlySet<Mode>): string {
  return sides.size === 2 ? "request and response" : [...sides].join("");
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  map.set(key, (map.get(key) ?? new Set<string>()).add(value));
}
