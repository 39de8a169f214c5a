import { readFile } from "node:fs/promises";
import {
  type CallOptions,
  type ClientTransport,
  createClient,
  ReflectionServiceDef,
  RpcCode,
  RpcError,
  type ServiceSummary,
} from "@rpcgen/runtime";
import type { Schema, Service } from "../ir/schema.js";
import { checkSchema } from "./check-schema.js";

/** A problem `rpcgen call` reports as it is, before or instead of a call. */
export class CallProblem extends Error {}

/** One service and the schema document describing it. */
export interface ServiceSchema {
  readonly schema: Schema;
  readonly service: Service;
}

/** Reads a `<name>.schema.json` file and checks it; a problem names the file. */
export async function readSchemaFile(path: string): Promise<Schema> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CallProblem(`--schema ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CallProblem(`--schema ${path} is not JSON: ${(error as Error).message}`);
  }
  const schema = checkSchema(value);
  if (typeof schema === "string") throw new CallProblem(`--schema ${path}: ${schema}`);
  return schema;
}

/** `name` in `schema`, or a problem listing the services it has. */
export function serviceIn(schema: Schema, name: string, where: string): ServiceSchema {
  const service = schema.services.find((s) => s.name === name);
  if (service === undefined) {
    const names = schema.services.map((s) => s.name).join(", ") || "none";
    throw new CallProblem(`${where} has no service ${name}; its services: ${names}`);
  }
  return { schema, service };
}

/** Asks the server's reflection service for `name`'s schema. */
export async function reflectSchema(
  transport: ClientTransport,
  name: string,
  options: CallOptions,
): Promise<ServiceSchema> {
  const reflection = createClient(ReflectionServiceDef, transport);
  let answer: unknown;
  try {
    answer = await reflection.schemaOf(name, options);
  } catch (error) {
    throw reflectionProblem(error, name);
  }
  const schema = checkSchema(withoutMissingErrors(answer));
  if (typeof schema === "string") {
    throw new CallProblem(`the server's schema of ${name} is malformed: ${schema}`);
  }
  return serviceIn(schema, name, "the server's reflection answer");
}

/**
 * A reflection service that predates declared errors passes each method's `errors` through but
 * not the schema's own: its methods are then called as if they declared none (a declared error
 * still prints its type and details, which travel on the wire).
 */
function withoutMissingErrors(answer: unknown): unknown {
  if (typeof answer !== "object" || answer === null || "errors" in answer) return answer;
  const { services } = answer as { services?: unknown };
  if (!Array.isArray(services)) return answer;
  const strip = (method: unknown) => {
    if (typeof method !== "object" || method === null || !("errors" in method)) return method;
    const { errors: _, ...rest } = method;
    return rest;
  };
  return {
    ...answer,
    services: services.map((service: unknown) => {
      if (typeof service !== "object" || service === null) return service;
      const { methods } = service as { methods?: unknown };
      return Array.isArray(methods) ? { ...service, methods: methods.map(strip) } : service;
    }),
  };
}

/** The services the server's reflection lists. */
export async function reflectServices(
  transport: ClientTransport,
  options: CallOptions,
): Promise<ServiceSummary[]> {
  try {
    return await createClient(ReflectionServiceDef, transport).listServices(options);
  } catch (error) {
    throw reflectionProblem(error, undefined);
  }
}

/** Reflection's failures in the words of someone calling a service, not reflection. */
function reflectionProblem(error: unknown, name: string | undefined): unknown {
  if (!(error instanceof RpcError)) return error;
  if (error.code === RpcCode.Unimplemented) {
    return new CallProblem(
      "the server does not serve reflection: add it with addReflection(server, { schemas }) " +
        "from @rpcgen/runtime, or pass --schema <file.schema.json>",
    );
  }
  if (error.code === RpcCode.NotFound && name !== undefined) {
    return new CallProblem(
      `the server has no schema for service ${name} (rpcgen call <target> --list shows its services)`,
    );
  }
  return error;
}
