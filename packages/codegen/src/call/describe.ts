import type { Method, Schema, Service } from "../ir/schema.js";
import { reachedTypes } from "./check-schema.js";
import { declarationText, docText, typeText } from "./type-text.js";

/**
 * A service as TypeScript: its interface with each method's signature, then the declarations
 * of the named types its methods reach, in the order they are reached.
 */
export function describeService(schema: Schema, service: Service): string {
  const methods = service.methods.map(
    (m) => `${m.doc === undefined ? "" : docText(m.doc, "  ")}  ${signature(m)};`,
  );
  const head = `${service.doc === undefined ? "" : docText(service.doc, "")}interface ${service.name} {\n${methods.join("\n")}\n}`;
  const roots = service.methods.flatMap((m) => [...m.params.map((p) => p.type), m.response]);
  const declarations = reachedTypes(schema, roots).flatMap((id) => {
    const named = schema.types[id];
    return named === undefined ? [] : [declarationText(named)];
  });
  return `${[head, ...declarations].join("\n\n")}\n`;
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
