import type { MethodKind } from "../descriptor.js";

/**
 * The schema IR as the runtime sees it: what `rpcgen generate` writes to `<name>.schema.json`
 * (docs/schema.md). The runtime reads only the service and method names and kinds and follows
 * `ref`s to find the named types a service reaches; the rest travels as it is.
 */
export interface SchemaDocument {
  readonly schemaVersion: 1;
  /** The IDL file the schema was generated from. */
  readonly source: string;
  /** Named types by id; their bodies are type nodes (docs/schema.md, "Type nodes"). */
  readonly types: Readonly<Record<string, unknown>>;
  readonly services: readonly SchemaService[];
  /** Declared errors by name (docs/schema.md, "Declared errors"); absent when none. */
  readonly errors?: Readonly<Record<string, unknown>>;
}

/** One service of a {@link SchemaDocument}, as far as the runtime reads it. */
export interface SchemaService {
  readonly name: string;
  readonly methods: readonly SchemaMethod[];
}

/** One method of a {@link SchemaService}: its name, kind and the errors it declares. */
interface SchemaMethod {
  readonly name: string;
  readonly kind: MethodKind;
  /** Names of {@link SchemaDocument.errors} entries, from the method's `@throws`. */
  readonly errors?: readonly string[];
}

const kinds: ReadonlySet<string> = new Set(["unary", "server_stream", "client_stream", "bidi"]);

/**
 * Checks that `value` has the shape of a schema document (version 1, services with named
 * methods of a known kind, a types object) and returns it; otherwise returns what is wrong,
 * starting with the path (`services[0].methods[1].kind: expected ...`).
 */
export function checkSchemaDocument(value: unknown): SchemaDocument | string {
  if (!isObject(value)) return "expected a schema object";
  if (value.schemaVersion !== 1) {
    return `schemaVersion: expected 1, got ${JSON.stringify(value.schemaVersion) ?? "nothing"}`;
  }
  if (typeof value.source !== "string") return "source: expected a string";
  if (!isObject(value.types)) return "types: expected an object";
  if (!Array.isArray(value.services)) return "services: expected an array";
  if (value.errors !== undefined && !isObject(value.errors)) return "errors: expected an object";
  for (const [i, service] of value.services.entries()) {
    const at = `services[${i}]`;
    if (!isObject(service) || typeof service.name !== "string")
      return `${at}.name: expected a string`;
    if (!Array.isArray(service.methods)) return `${at}.methods: expected an array`;
    for (const [j, method] of service.methods.entries()) {
      if (!isObject(method) || typeof method.name !== "string") {
        return `${at}.methods[${j}].name: expected a string`;
      }
      if (typeof method.kind !== "string" || !kinds.has(method.kind)) {
        return `${at}.methods[${j}].kind: expected unary, server_stream, client_stream or bidi`;
      }
      const { errors } = method;
      if (
        errors !== undefined &&
        (!Array.isArray(errors) || errors.some((name) => typeof name !== "string"))
      ) {
        return `${at}.methods[${j}].errors: expected an array of error names`;
      }
    }
  }
  return value as unknown as SchemaDocument;
}

/**
 * The part of `schema` one service needs: that service alone, with the errors its methods
 * declare and the named types it and their details reach through `ref`s (directly or through
 * other types), so a reflection answer stays small when one IDL file declares many services
 * over many types.
 */
export function schemaForService(schema: SchemaDocument, service: SchemaService): SchemaDocument {
  const declared = new Set<string>();
  for (const method of service.methods) for (const name of method.errors ?? []) declared.add(name);
  const errors: Record<string, unknown> = {};
  const all = schema.errors ?? {};
  // Sorted by name, as the document keeps them.
  for (const name of Object.keys(all)) if (declared.has(name)) errors[name] = all[name];
  const reached = new Set<string>();
  const pending: unknown[] = [service, errors];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...node);
    } else if (isObject(node)) {
      if (node.kind === "ref" && typeof node.id === "string") {
        if (!reached.has(node.id) && Object.hasOwn(schema.types, node.id)) {
          reached.add(node.id);
          pending.push(schema.types[node.id]);
        }
      } else {
        pending.push(...Object.values(node));
      }
    }
  }
  const types: Record<string, unknown> = {};
  // Keeps the document's order (sorted by id), so the answer is deterministic.
  for (const id of Object.keys(schema.types)) if (reached.has(id)) types[id] = schema.types[id];
  const document = { schemaVersion: 1, source: schema.source, types, services: [service] } as const;
  return declared.size === 0 ? document : { ...document, errors };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
