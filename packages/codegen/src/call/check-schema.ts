import { isRpcCode } from "@rpcgen/runtime";
import type { Schema, TypeNode } from "../ir/schema.js";

/**
 * Checks that `value` is a schema IR document rpcgen can compile (docs/schema.md): every type
 * node of a known kind with the fields that kind needs, every ref pointing at a declared type.
 * A schema may come from a server's reflection, so nothing is assumed. Returns the schema, or
 * what is wrong with the path to it (`types.Route.type.properties[1].type: unknown kind "x"`).
 */
export function checkSchema(value: unknown): Schema | string {
  if (!isObject(value)) return "expected a schema object";
  if (value.schemaVersion !== 1) {
    return `schemaVersion: expected 1, got ${JSON.stringify(value.schemaVersion) ?? "nothing"}`;
  }
  if (typeof value.source !== "string") return "source: expected a string";
  const types = value.types;
  if (!isObject(types)) return "types: expected an object";
  const ids = new Set(Object.keys(types));
  for (const [id, named] of Object.entries(types)) {
    const at = `types[${JSON.stringify(id)}]`;
    if (!isObject(named) || named.id !== id || typeof named.name !== "string") {
      return `${at}: expected a named type whose id is its key`;
    }
    if (typeof named.declaredIn !== "string") return `${at}.declaredIn: expected a string`;
    const problem = checkType(named.type, `${at}.type`, ids);
    if (problem !== undefined) return problem;
  }
  const errors = value.errors;
  if (errors !== undefined && !isObject(errors)) return "errors: expected an object";
  const errorNames = new Set(Object.keys(errors ?? {}));
  for (const [name, error] of Object.entries(errors ?? {})) {
    const at = `errors[${JSON.stringify(name)}]`;
    if (!isObject(error) || error.name !== name || !isIdentifier(name)) {
      return `${at}: expected an error type whose name is its key`;
    }
    if (typeof error.code !== "string" || !isRpcCode(error.code)) {
      return `${at}.code: expected an RpcCode`;
    }
    if (typeof error.declaredIn !== "string") return `${at}.declaredIn: expected a string`;
    if (!isObject(error.details) || error.details.kind !== "object") {
      return `${at}.details: expected an object type node`;
    }
    const problem = checkType(error.details, `${at}.details`, ids);
    if (problem !== undefined) return problem;
  }
  if (!Array.isArray(value.services)) return "services: expected an array";
  for (const [i, service] of value.services.entries()) {
    const at = `services[${i}]`;
    if (!isObject(service) || !isIdentifier(service.name)) return `${at}.name: expected a name`;
    if (typeof service.importFrom !== "string") return `${at}.importFrom: expected a string`;
    if (!Array.isArray(service.methods)) return `${at}.methods: expected an array`;
    for (const [j, method] of service.methods.entries()) {
      const m = `${at}.methods[${j}]`;
      if (!isObject(method) || !isIdentifier(method.name)) return `${m}.name: expected a name`;
      if (!["unary", "server_stream", "client_stream", "bidi"].includes(method.kind as string)) {
        return `${m}.kind: expected unary, server_stream, client_stream or bidi`;
      }
      if (!Array.isArray(method.params)) return `${m}.params: expected an array`;
      for (const [k, param] of method.params.entries()) {
        const p = `${m}.params[${k}]`;
        if (!isObject(param) || !isIdentifier(param.name)) return `${p}.name: expected a name`;
        if (typeof param.optional !== "boolean") return `${p}.optional: expected a boolean`;
        const problem = checkType(param.type, `${p}.type`, ids);
        if (problem !== undefined) return problem;
      }
      const problem = checkType(method.response, `${m}.response`, ids);
      if (problem !== undefined) return problem;
      if (method.errors !== undefined) {
        const unknown = everyOf(method.errors, `${m}.errors`, (name, p) =>
          typeof name === "string" && errorNames.has(name)
            ? undefined
            : `${p}: ${JSON.stringify(name)} is not an error of the schema`,
        );
        if (unknown !== undefined) return unknown;
      }
    }
  }
  return value as unknown as Schema;
}

const leaves = new Set(["boolean", "bigint", "null", "undefined", "date", "bytes", "unknown"]);

function checkType(node: unknown, at: string, ids: ReadonlySet<string>): string | undefined {
  if (!isObject(node)) return `${at}: expected a type node`;
  const kind = node.kind;
  if (typeof kind === "string" && leaves.has(kind)) return undefined;
  const child = (value: unknown, path: string) => checkType(value, `${at}${path}`, ids);
  switch (kind) {
    case "string":
    case "number":
      return checkConstraints(node.constraints, `${at}.constraints`, kind);
    case "literal":
      return ["string", "number", "boolean"].includes(typeof node.value)
        ? undefined
        : `${at}.value: expected a string, number or boolean`;
    case "array":
    case "set":
      return child(node.element, ".element");
    case "map":
      return child(node.key, ".key") ?? child(node.value, ".value");
    case "record":
      if (node.key !== "string" && node.key !== "number")
        return `${at}.key: expected string or number`;
      return child(node.value, ".value");
    case "ref":
      return typeof node.id === "string" && ids.has(node.id)
        ? undefined
        : `${at}.id: ${JSON.stringify(node.id)} is not a type of the schema`;
    case "enum":
      return everyOf(node.members, `${at}.members`, (m, p) =>
        isObject(m) && typeof m.name === "string" && ["string", "number"].includes(typeof m.value)
          ? undefined
          : `${p}: expected an enum member`,
      );
    case "union":
      return everyOf(node.members, `${at}.members`, (m, p) => checkType(m, p, ids));
    case "tuple":
      return everyOf(node.elements, `${at}.elements`, (e, p) =>
        isObject(e) && typeof e.optional === "boolean" && typeof e.rest === "boolean"
          ? checkType(e.type, `${p}.type`, ids)
          : `${p}: expected a tuple element`,
      );
    case "object":
      return (
        everyOf(node.properties, `${at}.properties`, (prop, p) =>
          isObject(prop) && typeof prop.name === "string" && typeof prop.optional === "boolean"
            ? checkType(prop.type, `${p}.type`, ids)
            : `${p}: expected a property`,
        ) ?? (node.additional === undefined ? undefined : child(node.additional, ".additional"))
      );
    default:
      return `${at}.kind: unknown kind ${JSON.stringify(kind)}`;
  }
}

function everyOf(
  list: unknown,
  at: string,
  check: (item: unknown, at: string) => string | undefined,
): string | undefined {
  if (!Array.isArray(list)) return `${at}: expected an array`;
  for (const [i, item] of list.entries()) {
    const problem = check(item, `${at}[${i}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Service, method and parameter names become identifiers in the compiled module. */
function isIdentifier(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z_$][\w$]*$/.test(value);
}

/** The named types `node` refers to, directly or not, in first-reached order. */
export function reachedTypes(schema: Schema, roots: readonly TypeNode[]): string[] {
  const reached: string[] = [];
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (isObject(value)) {
      if (value.kind === "ref" && typeof value.id === "string") {
        if (seen.has(value.id)) return;
        seen.add(value.id);
        reached.push(value.id);
        visit(schema.types[value.id]?.type);
      } else {
        for (const item of Object.values(value)) visit(item);
      }
    }
  };
  for (const root of roots) visit(root);
  return reached;
}

/**
 * A schema from a server becomes code this process runs, so each constraint must be exactly
 * what the emitter expects: finite numbers, a boolean, a pattern string, a known format.
 */
function checkConstraints(
  value: unknown,
  at: string,
  kind: "string" | "number",
): string | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return `${at}: expected an object`;
  const numbers = kind === "string" ? ["minLength", "maxLength"] : ["minimum", "maximum"];
  for (const [key, item] of Object.entries(value)) {
    if (numbers.includes(key)) {
      if (typeof item !== "number" || !Number.isFinite(item))
        return `${at}.${key}: expected a number`;
    } else if (kind === "number" && key === "integer") {
      if (typeof item !== "boolean") return `${at}.integer: expected a boolean`;
    } else if (kind === "string" && key === "pattern") {
      if (typeof item !== "string") return `${at}.pattern: expected a string`;
    } else if (kind === "string" && key === "format") {
      if (!["email", "uuid", "uri", "date-time"].includes(item as string)) {
        return `${at}.format: expected email, uuid, uri or date-time`;
      }
    } else {
      return `${at}: unknown constraint ${JSON.stringify(key)}`;
    }
  }
  return undefined;
}
