import type { Schema, TypeNode } from "../ir/schema.js";

/**
 * Whether two types, each in its own schema, have the same structure: refs followed (ids may
 * differ between the two), docs ignored. Recursive types are assumed equal where they recur.
 */
export function sameShape(a: Schema, x: TypeNode, b: Schema, y: TypeNode): boolean {
  const assumed = new Set<string>();
  const same = (m: TypeNode, n: TypeNode): boolean => {
    if (m.kind === "ref" || n.kind === "ref") {
      const key = `${m.kind === "ref" ? m.id : ""}\u0000${n.kind === "ref" ? n.id : ""}`;
      if (assumed.has(key)) return true;
      assumed.add(key);
      const mm = m.kind === "ref" ? a.types[m.id]?.type : m;
      const nn = n.kind === "ref" ? b.types[n.id]?.type : n;
      return mm !== undefined && nn !== undefined && same(mm, nn);
    }
    if (m.kind !== n.kind) return false;
    const keys = new Set([...Object.keys(m), ...Object.keys(n)]);
    for (const key of keys) {
      if (key === "doc") continue;
      const u = (m as unknown as Record<string, unknown>)[key];
      const v = (n as unknown as Record<string, unknown>)[key];
      if (!sameValue(u, v)) return false;
    }
    return true;
  };
  const sameValue = (u: unknown, v: unknown): boolean => {
    if (isNode(u) && isNode(v)) return same(u, v);
    if (Array.isArray(u) && Array.isArray(v)) {
      return u.length === v.length && u.every((item, i) => sameValue(item, v[i]));
    }
    if (isObject(u) && isObject(v)) {
      const keys = new Set([...Object.keys(u), ...Object.keys(v)]);
      return [...keys].every((k) => k === "doc" || sameValue(u[k], v[k]));
    }
    return u === v;
  };
  return same(x, y);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNode(value: unknown): value is TypeNode {
  return isObject(value) && typeof value.kind === "string";
}
