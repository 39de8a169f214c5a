import { type Doc, fill, group, hardline, join, line, softBlockIndent, space } from "./doc.js";
import { normalizeNumber } from "./literals.js";
import { printDoc } from "./print.js";

/**
 * `value` as JSON laid out the way Biome formats `JSON.stringify(value, null, 2)`: objects one
 * member per line (the source had them so), arrays on one line when they fit, numbers filling
 * lines, no trailing commas.
 */
export function formatJson(value: unknown): string {
  return printDoc([jsonValue(value), hardline]);
}

function jsonValue(value: unknown): Doc {
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number") return normalizeNumber(JSON.stringify(value));
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return jsonArray(value);
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, member]) => isSerialized(member));
    if (entries.length === 0) return "{}";
    const members = entries.map(([key, member]) =>
      group([JSON.stringify(key), ":", space, jsonValue(member)]),
    );
    return ["{", group(softBlockIndent(join([",", line], members)), { expand: true }), "}"];
  }
  throw new Error(`rpcgen format: ${typeof value} is not JSON`);
}

function jsonArray(items: readonly unknown[]): Doc {
  if (items.length === 0) return "[]";
  // As JSON.stringify: values that have no JSON form are written as null in arrays.
  const docs = items.map((item) => (isSerialized(item) ? jsonValue(item) : "null"));
  const contents = items.every((item) => typeof item === "number")
    ? fill(
        docs.flatMap((doc, i) =>
          i === 0
            ? [[doc, i < docs.length - 1 ? "," : []]]
            : [line, [doc, i < docs.length - 1 ? "," : []]],
        ),
      )
    : join([",", line], docs);
  return ["[", group(softBlockIndent(contents)), "]"];
}

function isSerialized(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}
