import type { Server } from "../server/server.js";
import type { SchemaDocument } from "./schema-document.js";

/**
 * The schemas of the services the runtime itself adds to a server (reflection, health), by
 * server: `addHealth` records its schema here and reflection serves it, whichever of the two
 * was added first. Held weakly, so a server that is dropped takes its entry with it.
 */
const builtins = new WeakMap<Server, SchemaDocument[]>();

/** Records that `server` serves the built-in service described by `schema`. */
export function recordBuiltinSchema(server: Server, schema: SchemaDocument): void {
  const list = builtins.get(server);
  if (list === undefined) builtins.set(server, [schema]);
  else list.push(schema);
}

/** The built-in services' schemas recorded for `server`, in the order they were added. */
export function builtinSchemas(server: Server): readonly SchemaDocument[] {
  return builtins.get(server) ?? [];
}

/** A named object type of built-in schemas: `{ id, name, declaredIn, type: object }`. */
export function builtinObject(
  id: string,
  properties: readonly { name: string; type: unknown; optional?: boolean }[],
): unknown {
  return {
    id,
    name: id,
    declaredIn: "@rpcgen/runtime",
    type: {
      kind: "object",
      properties: properties.map((p) => ({
        name: p.name,
        type: p.type,
        optional: p.optional === true,
        readonly: true,
      })),
    },
  };
}

/** A union of string literals, as the schema IR writes `"a" | "b"`. */
export function literalUnion(values: readonly string[]): unknown {
  return { kind: "union", members: values.map((value) => ({ kind: "literal", value })) };
}
