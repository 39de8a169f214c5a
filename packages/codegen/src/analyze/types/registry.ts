import type ts from "typescript";
import type { TypeNode } from "../../ir/schema.js";
import type { Mode } from "./context.js";

/** A named type met during the walk, keyed by an internal key until ids are assigned. */
export interface NamedEntry {
  readonly key: string;
  /** The declared name; for an indexed access, its owner's (`components`). */
  readonly name: string;
  /**
   * The keys an indexed access goes down by from `name` (`["schemas", "simple-user"]`); empty
   * for any other named type.
   */
  readonly keys: readonly string[];
  /** Numbers same-named types (`Point@2`); for an indexed access, its owner's declaration. */
  readonly declaration: ts.Declaration;
  readonly declaredIn: string;
  readonly doc: string | undefined;
  /** Type arguments of a generic instantiation, used to spell its id (`Page<Route>`). */
  args: readonly TypeArgument[];
  /** The body; undefined only while it is being visited for the first time. */
  type: TypeNode | undefined;
  /** The walks the body has been through (see {@link NamedRegistry.enter}). */
  readonly walks: Set<string>;
}

/**
 * A type argument as its id spells it: the IR when it has one, else TypeScript's text (an
 * argument the schema refuses, such as `{}`, may still name an instantiation whose body never
 * uses it: `Op<{}>`).
 */
export type TypeArgument = TypeNode | { readonly kind: "text"; readonly text: string };

export type NamedInfo = Pick<
  NamedEntry,
  "key" | "name" | "keys" | "declaration" | "declaredIn" | "doc"
>;

/** The keys of an indexed access as TypeScript writes them: `["schemas"]["simple-user"]`. */
export function keysText(keys: readonly string[]): string {
  return keys.map((k) => `[${JSON.stringify(k)}]`).join("");
}

/**
 * The named types of one schema. Internal keys come from the declaring symbol and the type
 * arguments, numbered in order of discovery (deterministic, unlike the checker's own ids
 * which depend on everything the checker has seen).
 */
export class NamedRegistry {
  readonly #entries = new Map<string, NamedEntry>();
  readonly #symbols = new Map<ts.Symbol, number>();
  readonly #types = new Map<ts.Type, number>();
  /** Tells this schema's named types apart from another's analyzed in the same run. */
  readonly id: number;

  constructor(id: number) {
    this.id = id;
  }

  keyOf(symbol: ts.Symbol, args: readonly ts.Type[]): string {
    const base = `#${number(this.#symbols, symbol)}`;
    if (args.length === 0) return base;
    return `${base}<${args.map((a) => number(this.#types, a)).join(",")}>`;
  }

  /**
   * Returns a reference to the named type, visiting its body the first time it is met in each
   * mode. The IR does not depend on the mode, but the diagnostics do: a type first met in a
   * response and later in a request is walked again so an `unknown` inside it is reported.
   * A silent walk (spelling a generic's arguments) counts apart, so a type first met there is
   * walked again, reporting, where it is really used. The body is registered before it is
   * visited, so a recursive use becomes a reference.
   */
  enter(
    info: NamedInfo,
    walk: { readonly mode: Mode; readonly silent: boolean },
    args: () => readonly TypeArgument[],
    body: () => TypeNode,
  ): TypeNode {
    let entry = this.#entries.get(info.key);
    if (entry === undefined) {
      entry = { ...info, args: [], type: undefined, walks: new Set() };
      this.#entries.set(info.key, entry);
      entry.args = args();
    }
    const key = walk.silent ? `${walk.mode} silent` : walk.mode;
    if (!entry.walks.has(key)) {
      entry.walks.add(key);
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
