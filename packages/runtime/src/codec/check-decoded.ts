import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { nodeBudget, overBudget, tooDeep } from "./budget.js";

const minInt64 = -(2n ** 63n);
const maxUint64 = 2n ** 64n - 1n;

/** What {@link checkDecoded} enforces. */
export interface DecodedLimits {
  /** Deepest nesting of arrays and objects. */
  readonly maxDepth: number;
  /** The key a decoder leaves in place of `__proto__` (msgpackr folds it into `__proto_`). */
  readonly forbiddenKey: string;
  /**
   * The encoded size of the message: it may hold at most {@link nodeBudget} of it in arrays and
   * objects. Anything beyond one per byte was expanded by shared references.
   */
  readonly bytes: number;
}

/** Arrays and objects the current walk may still visit; walks are synchronous, never nested. */
let containersLeft = 0;

/**
 * Walks a freshly decoded value once: bounds its nesting and size, refuses keys that could
 * reach a prototype if user code later copied the value with `Object.assign`, and admits only
 * plain data (objects, arrays, strings, numbers, booleans, null, 64-bit bigints, Uint8Array and
 * Date), so no RegExp, Error or class instance reaches a handler from the wire.
 */
export function checkDecoded(value: unknown, limits: DecodedLimits): void {
  containersLeft = nodeBudget(limits.bytes);
  if (needsCheck(value)) checkValue(value as object | bigint, 1, limits);
}

/** Strings, numbers, booleans and null need no look: the walk skips them without a call. */
function needsCheck(value: unknown): boolean {
  return typeof value === "object" ? value !== null : typeof value === "bigint";
}

function checkValue(value: object | bigint, depth: number, limits: DecodedLimits): void {
  if (typeof value === "bigint") {
    if (value < minInt64 || value > maxUint64) {
      throw new RpcError(RpcCode.InvalidArgument, "message contains an integer wider than 64 bits");
    }
    return;
  }
  // Only containers are counted: each costs at least one byte unless something shares it.
  if (--containersLeft < 0) {
    throw overBudget(limits.bytes);
  }
  if (depth > limits.maxDepth) throw tooDeep(limits.maxDepth);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (needsCheck(item)) checkValue(item as object | bigint, depth + 1, limits);
    }
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    for (const key in value) {
      if (key === limits.forbiddenKey) {
        throw new RpcError(RpcCode.InvalidArgument, `message contains the forbidden key "${key}"`);
      }
      const item: unknown = (value as Record<string, unknown>)[key];
      if (needsCheck(item)) checkValue(item as object | bigint, depth + 1, limits);
    }
    return;
  }
  if (value instanceof Uint8Array || value instanceof Date) return;
  throw new RpcError(
    RpcCode.InvalidArgument,
    `message contains a ${value.constructor?.name ?? "non-plain"} value, which is not plain data`,
  );
}
