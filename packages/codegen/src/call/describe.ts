import type { ErrorType, Method, Property, Schema, Service, TypeNode } from "../ir/schema.js";
import { reachedTypes } from "./check-schema.js";
import { declarationText, docText, typeText } from "./type-text.js";

/**
 * A service as TypeScript: its interface with each method's signature, then the declarations
 * of the named types its methods reach, in the order they are reached.
 */
export function describeService(schema: Schema, service: Service): string {
  const methods = service.methods.map((m) => {
    const doc = methodDoc(m);
    return `${doc === undefined ? "" : docText(doc, "  ")}  ${signature(m)};`;
  });
  const head = `${service.doc === undefined ? "" : docText(service.doc, "")}interface ${service.name} {\n${methods.join("\n")}\n}`;
  const errors = [...new Set(service.methods.flatMap((m) => m.errors ?? []))].flatMap((name) => {
    const error = schema.errors?.[name];
    return error === undefined ? [] : [error];
  });
  const roots = [
    ...service.methods.flatMap((m) => [...m.params.map((p) => p.type), m.response]),
    ...errors.map((error) => error.details),
  ];
  const declarations = reachedTypes(schema, roots).flatMap((id) => {
    const named = schema.types[id];
    return named === undefined ? [] : [declarationText(named)];
  });
  return `${[head, ...errors.map(errorText), ...declarations].join("\n\n")}\n`;
}

/** A method's JSDoc with its declared errors as the IDL writes them: `@throws {A | B}`. */
function methodDoc(method: Method): string | undefined {
  if (method.errors === undefined || method.errors.length === 0) return method.doc;
  const tag = `@throws {${method.errors.join(" | ")}}`;
  return method.doc === undefined ? tag : `${method.doc}\n${tag}`;
}

/** A declared error as its interface: the `code` literal, then the details. */
function errorText(error: ErrorType): string {
  const code: Property = {
    name: "code",
    type: { kind: "literal", value: error.code },
    optional: false,
    readonly: false,
  };
  const details = error.details.kind === "object" ? error.details : undefined;
  const type: TypeNode = {
    kind: "object",
    properties: [code, ...(details?.properties ?? [])],
    ...(details?.additional === undefined ? {} : { additional: details.additional }),
  };
  const named = { id: error.name, name: error.name, declaredIn: error.declaredIn, type };
  return declarationText(error.doc === undefined ? named : { ...named, doc: error.doc });
}

/** `shortestPath(req: PathRequest): Promise<Route>` */
export function signature(method: Method): string {
  const response = typeText(method.response);
  const streamIn = method.kind === "client_stream" || method.kind === "bidi";
  const params = method.params.map((p) => {
    const type = typeText(p.type);
    return `${p.name}${p.optional ? "?" : ""}: ${streamIn ? `AsyncIterable<${type}>` : type}`;
  });
  const streamOut = method.kind === "server_stream" || method.kind === "bidi";
  const result = streamOut
    ? `AsyncIterable<${response}>`
    : `Promise<${response === "undefined" ? "void" : response}>`;
  return `${method.name}(${params.join(", ")}): ${result}`;
}
