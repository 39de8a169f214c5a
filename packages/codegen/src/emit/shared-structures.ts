import type { Schema, TypeNode } from "../ir/schema.js";
import { children } from "./type-facts.js";

/**
 * Finds the structures a module would otherwise write more than once. OpenAPI-generated types
 * are full of them: `integration` and `nullable-integration` are the same object under two
 * names, and the same anonymous `permissions` object sits in four repository shapes. Each is
 * decoded by one function instead: named types with the same structure share the first one's
 * decoder and encoder, and an anonymous object used in several places (or equal to a named
 * type) gets a function of its own.
 */
export class SharedStructures {
  /** Named type id to the id (first in sorted order) of the type it is structurally equal to. */
  readonly #canonical = new Map<string, string>();
  /** Structure of each named object type, to its id. */
  readonly #namedObjects = new Map<string, string>();
  /** Structures of anonymous objects seen in at least two places. */
  readonly #repeated = new Set<string>();
  /** Each object node's structure key, made once: the emitter asks about a node repeatedly. */
  readonly #keys = new WeakMap<TypeNode, string>();

  constructor(schema: Schema) {
    const first = new Map<string, string>();
    for (const id of Object.keys(schema.types).sort()) {
      const type = (schema.types[id] as Schema["types"][string]).type;
      const key = structureKey(type);
      const earlier = first.get(key);
      this.#canonical.set(id, earlier ?? id);
      if (earlier === undefined) {
        first.set(key, id);
        if (type.kind === "object") this.#namedObjects.set(key, id);
      }
    }
    const seen = new Set<string>();
    const visit = (node: TypeNode, root: boolean): void => {
      if (node.kind === "object" && !root && node.properties.length >= minProperties) {
        const key = this.#key(node);
        if (seen.has(key)) this.#repeated.add(key);
        seen.add(key);
      }
      for (const child of children(node)) visit(child, false);
    };
    for (const type of Object.values(schema.types)) visit(type.type, true);
    for (const service of schema.services) {
      for (const method of service.methods) {
        for (const param of method.params) visit(param.type, false);
        visit(method.response, false);
      }
    }
    // Error details are messages too: equal details share one decoder.
    for (const error of Object.values(schema.errors ?? {})) visit(error.details, false);
  }

  /** The id whose functions named type `id` uses. */
  canonical(id: string): string {
    return this.#canonical.get(id) ?? id;
  }

  /**
   * For an anonymous object written in several places: the named type it equals, or the
   * structure key its shared function is filed under. Undefined when it is written inline.
   */
  sharedObject(
    node: TypeNode,
    nested: boolean,
  ): { readonly named: string } | { readonly key: string } | undefined {
    if (node.kind !== "object" || node.properties.length < minProperties) return undefined;
    const key = this.#key(node);
    const named = this.#namedObjects.get(key);
    if (named !== undefined) return { named };
    if (this.#repeated.has(key)) return { key };
    return nested && node.properties.length >= liftProperties ? { key } : undefined;
  }

  #key(node: TypeNode): string {
    let key = this.#keys.get(node);
    if (key === undefined) {
      key = structureKey(node);
      this.#keys.set(node, key);
    }
    return key;
  }
}

/** An empty object costs less inline than a function and its call. */
const minProperties = 1;

/** A nested anonymous object this large gets a function of its own even when used once. */
const liftProperties = 4;

/** The structure of a node as text: equal for nodes that decode and encode alike (docs and readonly aside). */
function structureKey(node: TypeNode): string {
  return JSON.stringify(node, (key, value: unknown) =>
    key === "doc" || key === "readonly" ? undefined : value,
  );
}
