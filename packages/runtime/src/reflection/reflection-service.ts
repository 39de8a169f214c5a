import { expected, isPlainObject } from "../decode-helpers.js";
import type { MethodKind, ServiceDescriptor } from "../descriptor.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { checkSchemaDocument, type SchemaDocument } from "./schema-document.js";

/** A service a server serves, as {@link ServerReflection.listServices} lists it. */
export interface ServiceSummary {
  /** The wire name, e.g. `PathService`. */
  readonly name: string;
  readonly methods: readonly { readonly name: string; readonly kind: MethodKind }[];
}

/**
 * The reflection service: what a server serves, and the schema IR of each service, so a tool
 * (`rpcgen call`) can validate arguments and print results without the IDL files.
 */
export interface ServerReflection {
  /** Every service with a schema, in the order they were given, this one included. */
  listServices(): Promise<ServiceSummary[]>;
  /**
   * The schema of one service: a schema document holding that service alone and the named
   * types it reaches. `not_found` for a service the server has no schema for.
   */
  schemaOf(service: string): Promise<SchemaDocument>;
}

/** The wire name of the reflection service. */
export const reflectionServiceName = "RpcgenReflection";

const kinds: ReadonlySet<unknown> = new Set(["unary", "server_stream", "client_stream", "bidi"]);

function decodeSummaries(value: unknown): ServiceSummary[] {
  if (!Array.isArray(value)) expected("response", "array", value);
  value.forEach((service: unknown, i) => {
    const at = `response[${i}]`;
    if (!isPlainObject(service)) expected(at, "object", service);
    if (typeof service.name !== "string") expected(`${at}.name`, "string", service.name);
    if (!Array.isArray(service.methods)) expected(`${at}.methods`, "array", service.methods);
    service.methods.forEach((m: unknown, j) => {
      if (!isPlainObject(m)) expected(`${at}.methods[${j}]`, "object", m);
      if (typeof m.name !== "string") expected(`${at}.methods[${j}].name`, "string", m.name);
      if (!kinds.has(m.kind)) expected(`${at}.methods[${j}].kind`, "a method kind", m.kind);
    });
  });
  return value as ServiceSummary[];
}

function decodeSchema(value: unknown): SchemaDocument {
  const checked = checkSchemaDocument(value);
  if (typeof checked === "string") {
    throw new RpcError(RpcCode.InvalidArgument, `response.${checked}`, {
      details: { path: "response" },
    });
  }
  return checked;
}

/** The descriptor of {@link ServerReflection}, for clients and for `server.add`. */
export const ReflectionServiceDef: ServiceDescriptor<ServerReflection> = {
  name: reflectionServiceName,
  methods: {
    listServices: {
      name: "listServices",
      kind: "unary",
      params: [],
      decodeResponse: decodeSummaries,
    },
    schemaOf: {
      name: "schemaOf",
      kind: "unary",
      params: ["service"],
      decodeRequest: (value) =>
        typeof value === "string" ? value : expected("service", "string", value),
      decodeResponse: decodeSchema,
    },
  },
};
