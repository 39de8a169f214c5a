import type ts from "typescript";
import type { TypeNode } from "../../ir/schema.js";
import type { Mode } from "./context.js";

/** A named type met during the walk, keyed by an internal key until ids are assigned. */
export interface NamedEntry {
  readonly key: string;
  readonly name: string;
  readonly declaration: ts.Declaration;
  readonly declaredIn: string;
  readonly doc: string | undefined;
  /** Type arguments of a generic instantiation, as IR, used to spell its id (`Page<Route>`). */
  args: readonly TypeNode[];
  /** The body; undefined only while it is being visited for the first time. */
  type: TypeNode | undefined;
  /** The modes the body has been walked in (see {@link NamedRegistry.enter}). */
  readonly modes: Set<Mode>;
}

export type NamedInfo = Pick<NamedEntry, "key" | "name" | "declaration" | "declaredIn" | "doc">;

/**
 * The named types of one schema. Internal keys come from the declaring symbol and the type
 * arguments, numbered in order of discovery (deterministic, unlike the checker's own ids
 * which depend on everything the checker has seen).
 */
export class NamedRegistry {
  readonly #entries = new Map<string, NamedEntry>();
  readonly #symbols = new Map<ts.Symbol, number>();
  readonly #types = new Map<ts.Type, number>();

  keyOf(symbol: ts.Symbol, args: readonly ts.Type[]): string {
    const base = `#${number(this.#symbols, symbol)}`;
    if (args.length === 0) return base;
    return `${base}<${args.map((a) => number(this.#types, a)).join(",")}>`;
  }

  /**
   * Returns a reference to the named type, visiting its body the first time it is met in each
   * mode. The IR does not depend on the mode, but the diagnostics do: a type first met in a
   * response and later in a request is walked again so an `unknown` inside it is reported.
   * The body is registered before it is visited, so a recursive use becomes a reference.
   */
  enter(
    info: NamedInfo,
    mode: Mode,
    args: () => readonly TypeNode[],
    body: () => TypeNode,
  ): TypeNode {
    let entry = this.#entries.get(info.key);
    if (entry === undefined) {
      entry = { ...info, args: [], type: undefined, modes: new Set() };
      this.#entries.set(info.key, entry);
      entry.args = args();
    }
    if (!entry.modes.has(mode)) {
      entry.modes.add(mode);
      const type = body();
      entry.type ??= type;
    }
    return { kind: "ref", id: info.key };
  }

  entries(): readonly NamedEntry[] {
    return [...this.#entries.values()];
  }
}

function number<K>(map: Map<K, number>, key: K): number {
  let n = map.get(key);
  if (n === undefined) {
    n = map.size + 1;
    map.set(key, n);
  }
  return n;
}
