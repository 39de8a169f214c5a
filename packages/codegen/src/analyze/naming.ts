import type ts from "typescript";
import type { NamedType, TupleElement, TypeNode } from "../ir/schema.js";
import { compareStrings } from "./diagnostics.js";
import { keysText, type NamedEntry } from "./types/registry.js";

/**
 * Turns the registry's internal keys into the schema's ids:
 * - the declared name (`Route`);
 * - for two different declarations of one name, `Name`, `Name@2`, `Name@3`, ordered by where
 *   they are declared (`declaredIn`, then position), not by which was met first;
 * - for a generic instantiation, the name with its arguments spelled from the IR
 *   (`Page<Route>`, `Page<string[]>`), so an argument's own id (`Route@2`) shows through;
 * - for an indexed access, its owner's name (numbered as above) and the keys as TypeScript
 *   writes them: `components["schemas"]["simple-user"]`.
 * Returns the id of every key.
 */
export function assignIds(entries: readonly NamedEntry[]): Map<string, string> {
  const base = baseNames(entries);
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const ids = new Map<string, string>();
  const pending = new Set<string>();
  const idOf = (key: string): string => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    const entry = byKey.get(key);
    if (entry === undefined) return key;
    // A generic's argument cannot contain the instantiation itself; guard anyway.
    if (pending.has(key)) return base.get(key) ?? entry.name;
    pending.add(key);
    const name = base.get(key) ?? entry.name;
    const args = entry.args.map((a) => (a.kind === "text" ? a.text : typeText(a, idOf)));
    const generic = args.length === 0 ? name : `${name}<${args.join(", ")}>`;
    const id = generic + keysText(entry.keys);
    pending.delete(key);
    ids.set(key, id);
    return id;
  };
  for (const entry of entries) idOf(entry.key);
  return dedupe(entries, ids);
}

function baseNames(entries: readonly NamedEntry[]): Map<string, string> {
  const declarations = new Map<string, NamedEntry[]>();
  for (const entry of entries) {
    const list = declarations.get(entry.name) ?? [];
    if (!list.some((e) => e.declaration === entry.declaration)) list.push(entry);
    declarations.set(entry.name, list);
  }
  const names = new Map<ts.Declaration, string>();
  for (const [name, list] of declarations) {
    list.sort(byDeclaration);
    for (const [i, e] of list.entries())
      names.set(e.declaration, i === 0 ? name : `${name}@${i + 1}`);
  }
  return new Map(entries.map((e) => [e.key, names.get(e.declaration) ?? e.name]));
}

/** Two instantiations spelled alike (e.g. with two different anonymous arguments). */
function dedupe(entries: readonly NamedEntry[], ids: Map<string, string>): Map<string, string> {
  const groups = new Map<string, NamedEntry[]>();
  for (const entry of entries) {
    const id = ids.get(entry.key) ?? entry.key;
    groups.set(id, [...(groups.get(id) ?? []), entry]);
  }
  for (const [id, group] of groups) {
    if (group.length < 2) continue;
    for (const [i, e] of group.entries()) if (i > 0) ids.set(e.key, `${id}@${i + 1}`);
  }
  return ids;
}

function byDeclaration(a: NamedEntry, b: NamedEntry): number {
  return compareStrings(a.declaredIn, b.declaredIn) || a.declaration.pos - b.declaration.pos;
}

/** A type spelled the way TypeScript would write it, for generic arguments in ids. */
export function typeText(type: TypeNode, idOf: (key: string) => string): string {
  const text = (t: TypeNode) => typeText(t, idOf);
  switch (type.kind) {
    case "string":
    case "number":
    case "boolean":
    case "bigint":
    case "null":
    case "undefined":
    case "unknown":
      return type.kind;
    case "date":
      return "Date";
    case "bytes":
      return "Uint8Array";
    case "literal":
      return JSON.stringify(type.value);
    case "array": {
      const element = text(type.element);
      return type.element.kind === "union" ? `(${element})[]` : `${element}[]`;
    }
    case "tuple":
      return `[${type.elements.map((e) => tupleElementText(e, text)).join(", ")}]`;
    case "object": {
      const props = type.properties.map(
        (p) => `${p.readonly ? "readonly " : ""}${p.name}${p.optional ? "?" : ""}: ${text(p.type)}`,
      );
      if (type.additional !== undefined) props.push(`[key: string]: ${text(type.additional)}`);
      return props.length === 0 ? "{}" : `{ ${props.join("; ")} }`;
    }
    case "record":
      return `Record<${type.key}, ${text(type.value)}>`;
    case "union":
      // No members: `never`, written only as the values of `Record<string, never>`.
      return type.members.length === 0 ? "never" : type.members.map(text).join(" | ");
    case "enum":
      return type.members.map((m) => JSON.stringify(m.value)).join(" | ");
    case "map":
      return `Map<${text(type.key)}, ${text(type.value)}>`;
    case "set":
      return `Set<${text(type.element)}>`;
    case "ref":
      return idOf(type.id);
  }
}

function tupleElementText(e: TupleElement, text: (t: TypeNode) => string): string {
  const type = e.rest ? text({ kind: "array", element: e.type }) : text(e.type);
  const prefix = e.rest ? "..." : "";
  if (e.name !== undefined) return `${prefix}${e.name}${e.optional ? "?" : ""}: ${type}`;
  return `${prefix}${type}${e.optional ? "?" : ""}`;
}

/** The same IR with every `ref` pointing at its final id. */
export function renameRefs(type: TypeNode, idOf: (key: string) => string): TypeNode {
  const go = (t: TypeNode) => renameRefs(t, idOf);
  switch (type.kind) {
    case "ref":
      return { kind: "ref", id: idOf(type.id) };
    case "array":
      return { ...type, element: go(type.element) };
    case "set":
      return { ...type, element: go(type.element) };
    case "tuple":
      return { ...type, elements: type.elements.map((e) => ({ ...e, type: go(e.type) })) };
    case "object": {
      const properties = type.properties.map((p) => ({ ...p, type: go(p.type) }));
      return type.additional === undefined
        ? { ...type, properties }
        : { ...type, properties, additional: go(type.additional) };
    }
    case "record":
      return { ...type, value: go(type.value) };
    case "union":
      return { ...type, members: type.members.map(go) };
    case "map":
      return { ...type, key: go(type.key), value: go(type.value) };
    default:
      return type;
  }
}

/** The schema's `types`: final ids, sorted by id. */
export function namedTypes(
  entries: readonly NamedEntry[],
  ids: Map<string, string>,
): Record<string, NamedType> {
  const idOf = (key: string) => ids.get(key) ?? key;
  const list = entries.map((e): NamedType => {
    const id = idOf(e.key);
    const type = renameRefs(e.type ?? { kind: "unknown" }, idOf);
    const head = { id, name: e.name + keysText(e.keys), declaredIn: e.declaredIn };
    return e.doc === undefined ? { ...head, type } : { ...head, doc: e.doc, type };
  });
  list.sort((a, b) => compareStrings(a.id, b.id));
  return Object.fromEntries(list.map((t) => [t.id, t]));
}
