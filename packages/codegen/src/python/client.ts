import type { Method, Service } from "../ir/schema.js";
import type { PyDecoders } from "./decoders.js";
import type { PyEncoders } from "./encoders.js";
import { NameScope, pascalCase, snakeCase } from "./naming.js";
import { maxWidth, PyPrinter, pyString } from "./printer.js";
import type { PyTypes } from "./types.js";

/**
 * A client class per service: one method per unary or server-stream RPC, calling it over
 * HTTP+JSON with the standard library. Client streams and bidi cannot travel over HTTP
 * (docs/http.md), so they have no method; the class docstring says so.
 */
export function printClients(types: PyTypes, decoders: PyDecoders, encoders: PyEncoders): string {
  const out = new PyPrinter();
  const classes = new NameScope(new Set(types.definitions.map((definition) => definition.name)));
  for (const service of types.schema.services) {
    const tables = errorTables(out, types, service);
    out.gap();
    const name = classes.claim(`${pascalCase(service.name)}Client`);
    printClient(out, name, service, { types, decoders, encoders, tables });
  }
  return out.toString();
}

interface Parts {
  readonly types: PyTypes;
  readonly decoders: PyDecoders;
  readonly encoders: PyEncoders;
  /** The declared errors' table of each method that has any. */
  readonly tables: ReadonlyMap<string, string>;
}

/** `_PATH_SERVICE_SHORTEST_PATH_ERRORS = {"OutOfArea": OutOfArea, ...}` per method. */
function errorTables(out: PyPrinter, types: PyTypes, service: Service): Map<string, string> {
  const tables = new Map<string, string>();
  for (const method of service.methods) {
    if (method.errors === undefined || method.errors.length === 0) continue;
    const base = `_${snakeCase(service.name)}_${snakeCase(method.name)}_errors`.toUpperCase();
    const name = types.functions.claim(base);
    const entries = method.errors.map((wire) => {
      const error = types.errors.find((candidate) => candidate.wire === wire);
      if (error === undefined) throw new Error(`rpcgen python: no declared error ${wire}`);
      return `${pyString(wire)}: ${error.name}`;
    });
    out.gap();
    const flat = `${name}: Mapping[str, type[DeclaredError]] = {${entries.join(", ")}}`;
    if (flat.length <= maxWidth) out.line(flat);
    else {
      out.line(`${name}: Mapping[str, type[DeclaredError]] = {`);
      out.lines(entries.map((entry) => `    ${entry},`));
      out.line("}");
    }
    tables.set(method.name, name);
  }
  return tables;
}

function printClient(out: PyPrinter, name: string, service: Service, parts: Parts): void {
  const carried = service.methods.filter(
    (method) => method.kind === "unary" || method.kind === "server_stream",
  );
  const left = service.methods.filter((method) => !carried.includes(method));
  out.block(`class ${name}`, () => {
    const doc = [
      service.doc ?? `Calls ${service.name}.`,
      "",
      `Each method POSTs JSON to \`<base_url>/${service.name}/<method>\`; \`timeout\` (seconds)`,
      "becomes the call's deadline and `metadata` its request headers. Failures raise RpcError,",
      "or the method's declared errors (DeclaredError subclasses).",
    ];
    if (left.length > 0) {
      const names = left.map((method) => `\`${method.name}\``).join(", ");
      doc.push("", `${names} stream requests, which HTTP cannot carry: use a stream transport.`);
    }
    out.doc(doc.join("\n"));
    out.line("");
    out.line("def __init__(");
    out.lines([
      "    self,",
      "    base_url: str,",
      "    *,",
      "    headers: Mapping[str, str] | None = None,",
      "    timeout: float | None = None,",
      ") -> None:",
    ]);
    out.indent(() => out.line("self._http = _Http(base_url, headers, timeout)"));
    const methods = new NameScope(new Set(["close"]));
    for (const method of carried)
      printMethod(out, service, method, methods.claim(snakeCase(method.name)), parts);
  });
}

function printMethod(
  out: PyPrinter,
  service: Service,
  method: Method,
  name: string,
  parts: Parts,
): void {
  const { types, decoders, encoders } = parts;
  const scope = new NameScope(new Set(["self", "timeout", "metadata", "request"]));
  const params = method.params.map((param) => ({
    param,
    name: scope.claim(snakeCase(param.name)),
  }));
  const hint = `${service.name}_${method.name}`;
  const stream = method.kind === "server_stream";
  const response = types.annotation(method.response);
  const returns = stream ? `ServerStream[${response}]` : response;
  out.line("");
  out.line(`def ${name}(`);
  out.line("    self,");
  for (const { param, name: local } of params) {
    const type = param.optional
      ? `${types.optionalAnnotation(param.type)} = None`
      : types.annotation(param.type);
    out.line(`    ${local}: ${type},`);
  }
  out.lines([
    "    *,",
    "    timeout: float | None = None,",
    "    metadata: Mapping[str, str] | None = None,",
  ]);
  out.line(`) -> ${returns}:`);
  const body: string[] = [];
  const doc = method.doc ?? `Calls ${service.name}/${method.name}.`;
  const declared = method.errors ?? [];
  const raises =
    declared.length > 0
      ? `\n\nRaises ${declared.map((wire) => types.errors.find((e) => e.wire === wire)?.name).join(", ")} (declared), or RpcError.`
      : "";
  const [single] = params;
  let message: string;
  if (params.length === 1 && single !== undefined) {
    message = encoders.expr(single.param.type, single.name, `${hint}_request`, 0) ?? single.name;
    if (single.param.optional && message !== single.name) {
      message = `None if ${single.name} is None else ${message}`;
    }
  } else {
    const required = params.filter(({ param }) => !param.optional);
    const entries = required.map(
      ({ param, name: local }) =>
        `${pyString(param.name)}: ${encoders.expr(param.type, local, `${hint}_${param.name}`, 0) ?? local}`,
    );
    const flat = `request: dict[str, object] = {${entries.join(", ")}}`;
    if (flat.length + 8 <= maxWidth) body.push(flat);
    else body.push("request: dict[str, object] = {", ...entries.map((e) => `    ${e},`), "}");
    for (const { param, name: local } of params.filter(({ param }) => param.optional)) {
      const expr = encoders.expr(param.type, local, `${hint}_${param.name}`, 0) ?? local;
      body.push(`if ${local} is not None:`, `    request[${pyString(param.name)}] = ${expr}`);
    }
    message = "request";
  }
  const decode = decoders.ref(method.response, `${hint}_response`);
  const args = [pyString(`${service.name}/${method.name}`), message, decode, "timeout", "metadata"];
  const table = parts.tables.get(method.name);
  if (table !== undefined) args.push(table);
  const call = `return self._http.${stream ? "stream" : "unary"}(`;
  out.indent(() => {
    out.doc(`${doc}${raises}`);
    out.lines(body);
    const flat = `${call}${args.join(", ")})`;
    if (flat.length + 8 <= maxWidth) out.line(flat);
    else {
      out.line(call);
      out.lines(args.map((arg) => `    ${arg},`));
      out.line(")");
    }
  });
}
