import type { ServiceDescriptor } from "@rpcgen/runtime";
import { emit } from "../emit/index.js";
import type { Schema } from "../ir/schema.js";
import ts from "../typescript.cjs";
import { generatorVersion } from "../version.js";

/**
 * The descriptors `rpcgen generate` would emit for `schema`, built in memory: the same
 * decoders (so a call's argument is checked with the generated rules and converted to its
 * real types) and encoders. The module is emitted, stripped of its types and imported from a
 * `data:` URL, importing the very runtime this process runs, so its `RpcError`s are ours.
 * Returns the descriptors by service name.
 */
export async function compileDescriptors(
  schema: Schema,
): Promise<ReadonlyMap<string, ServiceDescriptor>> {
  const runtime = import.meta.resolve("@rpcgen/runtime");
  // Docs are left out: they only become comments, and the schema may come from a server.
  const source = emit(withoutDocs(schema), {
    generatorVersion,
    runtimeImport: runtime,
    format: false,
  });
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
  });
  const url = `data:text/javascript;base64,${Buffer.from(outputText).toString("base64")}`;
  const module = (await import(url)) as Record<string, unknown>;
  const byName = new Map<string, ServiceDescriptor>();
  for (const value of Object.values(module)) {
    if (isDescriptor(value)) byName.set(value.name, value);
  }
  return byName;
}

function isDescriptor(value: unknown): value is ServiceDescriptor {
  if (typeof value !== "object" || value === null) return false;
  const { name, methods } = value as { name?: unknown; methods?: unknown };
  return typeof name === "string" && typeof methods === "object" && methods !== null;
}

/** A copy of `schema` whose services, methods, types and properties carry no `doc`. */
function withoutDocs(schema: Schema): Schema {
  // `types` is keyed by the user's ids (a type may be named `doc`); every other object of the
  // IR has fixed field names, so `doc` there is always a doc comment.
  const types: Record<string, unknown> = {};
  for (const [id, named] of Object.entries(schema.types)) types[id] = stripDocs(named);
  return { ...schema, types, services: stripDocs(schema.services) } as Schema;
}

function stripDocs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripDocs) as T;
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== "doc") copy[key] = stripDocs(item);
  }
  return copy as T;
}
