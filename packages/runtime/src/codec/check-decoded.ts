import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";

/**
 * Walks a freshly decoded value once to bound its nesting and refuse keys that could reach a
 * prototype if user code later copied the value with `Object.assign`. `forbidden` is the key a
 * decoder leaves in place of `__proto__` (msgpackr folds it into `__proto_`).
 */
export function checkDecoded(value: unknown, maxDepth: number, forbidden: string): void {
  if (typeof value === "object" && value !== null) walk(value, 1, maxDepth, forbidden);
}

function walk(value: object, depth: number, maxDepth: number, forbidden: string): void {
  if (depth > maxDepth) {
    throw new RpcError(
      RpcCode.InvalidArgument,
      `message nests deeper than the limit maxDepth = ${maxDepth}`,
    );
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "object" && item !== null) walk(item, depth + 1, maxDepth, forbidden);
    }
    return;
  }
  if (ArrayBuffer.isView(value) || value instanceof Date) return;
  if (value instanceof Map) {
    for (const [k, v] of value) {
      if (typeof k === "object" && k !== null) walk(k, depth + 1, maxDepth, forbidden);
      if (typeof v === "object" && v !== null) walk(v, depth + 1, maxDepth, forbidden);
    }
    return;
  }
  if (value instanceof Set) {
    for (const v of value) {
      if (typeof v === "object" && v !== null) walk(v, depth + 1, maxDepth, forbidden);
    }
    return;
  }
  for (const key in value) {
    if (key === forbidden) {
      throw new RpcError(RpcCode.InvalidArgument, `message contains the forbidden key "${key}"`);
    }
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item === "object" && item !== null) walk(item, depth + 1, maxDepth, forbidden);
  }
}
