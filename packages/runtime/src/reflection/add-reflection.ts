import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import type { Server } from "../server/server.js";
import { builtinSchemas } from "./builtin-schemas.js";
import { reflectionSchema } from "./reflection-schema.js";
import {
  ReflectionServiceDef,
  type ServerReflection,
  type ServiceSummary,
} from "./reflection-service.js";
import {
  checkSchemaDocument,
  type SchemaDocument,
  type SchemaService,
  schemaForService,
} from "./schema-document.js";

/** Options for {@link addReflection}. */
export interface ReflectionOptions {
  /**
   * The schemas of the services to describe: the `<name>.schema.json` files `rpcgen generate`
   * wrote, parsed (`JSON.parse(readFileSync(url, "utf8"))`). Each is checked here; a malformed
   * one throws, naming its index and what is wrong.
   */
  readonly schemas: readonly unknown[];
}

/**
 * Registers the reflection service (`RpcgenReflection`) on `server`: it lists the services of
 * `options.schemas`, itself and the health service when {@link addHealth} is used on the same
 * server, and answers each one's schema. Opt-in, since a schema tells a caller every method
 * and type. Returns `server`. Throws when a schema is malformed or names a service twice.
 */
export function addReflection(server: Server, options: ReflectionOptions): Server {
  const given = options.schemas.map((value, i) => {
    const checked = checkSchemaDocument(value);
    if (typeof checked === "string") {
      throw new Error(`addReflection: schemas[${i}]: ${checked}`);
    }
    return checked;
  });
  /** Every described service with the document declaring it, read at call time. */
  const described = (): Map<string, { schema: SchemaDocument; service: SchemaService }> => {
    const byName = new Map<string, { schema: SchemaDocument; service: SchemaService }>();
    for (const schema of [...given, reflectionSchema, ...builtinSchemas(server)]) {
      for (const service of schema.services) {
        if (!byName.has(service.name)) byName.set(service.name, { schema, service });
      }
    }
    return byName;
  };
  const seen = new Set<string>();
  for (const schema of given) {
    for (const service of schema.services) {
      if (seen.has(service.name)) {
        throw new Error(`addReflection: service ${service.name} is in two schemas`);
      }
      seen.add(service.name);
    }
  }
  const implementation = {
    listServices: (): ServiceSummary[] =>
      [...described().values()].map(({ service }) => ({
        name: service.name,
        methods: service.methods.map((m) => ({ name: m.name, kind: m.kind })),
      })),
    schemaOf: (name: string): SchemaDocument => {
      const entry = described().get(name);
      if (entry === undefined) {
        throw new RpcError(RpcCode.NotFound, `no schema for service ${JSON.stringify(name)}`);
      }
      return schemaForService(entry.schema, entry.service);
    },
  };
  return server.add<ServerReflection>(ReflectionServiceDef, implementation);
}
