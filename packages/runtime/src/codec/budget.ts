import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";

/**
 * Arrays and objects a frame of `bytes` encoded bytes may decode to: one per byte (each costs at
 * least one), and beyond the first {@link freeNodes}, one per {@link bytesPerNode} bytes. An
 * empty object costs one byte on the wire but tens of bytes and a share of garbage collection
 * once decoded, so without the second bound a 4 MiB frame of empty maps would cost hundreds of
 * MiB and most of a second of CPU. Real messages carry fields, so they stay far inside it.
 */
export function nodeBudget(bytes: number): number {
  return Math.min(bytes, freeNodes + Math.floor(bytes / bytesPerNode));
}

/** Containers any frame may hold before the per-byte rate applies. */
export const freeNodes = 1024;

/** Encoded bytes each container beyond {@link freeNodes} must be paid with. */
export const bytesPerNode = 3;

/**
 * Frames at least this long are scanned before they are decoded, so their nesting and node
 * count are checked without building anything. Smaller ones cannot cost much whatever they
 * hold, and are checked after decoding, once, with the same bounds.
 */
export const scanThresholdBytes = 16 * 1024;

/** The error for a frame whose containers exceed {@link nodeBudget}. */
export function overBudget(bytes: number): RpcError {
  return new RpcError(
    RpcCode.InvalidArgument,
    `message of ${bytes} bytes holds more than ${nodeBudget(bytes)} arrays and objects (decode budget: ${freeNodes} plus one per ${bytesPerNode} bytes)`,
  );
}

/** The error for nesting past `maxDepth`. */
export function tooDeep(maxDepth: number): RpcError {
  return new RpcError(
    RpcCode.InvalidArgument,
    `message nests deeper than the limit maxDepth = ${maxDepth}`,
  );
}
