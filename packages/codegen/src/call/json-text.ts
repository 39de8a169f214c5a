import { toBase64 } from "@rpcgen/runtime";

/** How `rpcgen call` prints a value: one line, or indented. */
export type OutputFormat = "json" | "pretty";

/**
 * A decoded value as JSON text, in the JSON codec's wire forms (docs/protocol.md): a Date as
 * its ISO string, a bigint as a decimal string, bytes as base64, a Map as `[key, value]`
 * pairs, a Set as an array. What `rpcgen call` prints can be fed back as an argument.
 */
export function jsonText(value: unknown, format: OutputFormat): string {
  const text = JSON.stringify(value, replacer, format === "pretty" ? 2 : undefined);
  // A method returning `Promise<void>` answers undefined, which JSON.stringify skips.
  return text ?? "null";
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return toBase64(value);
  if (value instanceof Map) return [...value];
  if (value instanceof Set) return [...value];
  return value;
}
