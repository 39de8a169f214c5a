import type { TypeFacts } from "../emit/type-facts.js";
import type { TypeNode } from "../ir/schema.js";
import { pyLiteral } from "./printer.js";

/**
 * How union decoders tell members apart, as the TypeScript ones do: by the JSON shape of the
 * value first (a bucket), then by testing or trying the members that take that shape.
 */

/** A JSON shape; `undefined` is an absent property. */
export type Bucket = "null" | "undefined" | "boolean" | "number" | "string" | "array" | "object";

const allBuckets: readonly Bucket[] = [
  "null",
  "undefined",
  "boolean",
  "number",
  "string",
  "array",
  "object",
];

/** The kinds one condition decides. */
export function isSimple(node: TypeNode): boolean {
  return ["string", "number", "boolean", "null", "undefined", "literal", "enum"].includes(
    node.kind,
  );
}

/** The condition under which `read` is a value of the simple kind `node`. */
export function simpleTest(node: TypeNode, read: string): string {
  switch (node.kind) {
    case "string":
      return `isinstance(${read}, str)`;
    case "number":
      return `_is_number(${read})`;
    case "boolean":
      return `isinstance(${read}, bool)`;
    case "null":
      return `${read} is None`;
    case "undefined":
      return `${read} is None or ${read} is _MISSING`;
    case "literal":
      return typeof node.value === "string"
        ? `${read} == ${pyLiteral(node.value)}`
        : `_is(${read}, ${pyLiteral(node.value)})`;
    case "enum": {
      const values = node.members.map((member) => pyLiteral(member.value));
      return `_one_of(${read}, (${values.join(", ")}${values.length === 1 ? "," : ""}))`;
    }
    default:
      throw new Error(`rpcgen python: ${node.kind} is not a simple kind`);
  }
}

/** The test that a value has the shape `bucket`. */
export function guardOf(bucket: Bucket): string {
  switch (bucket) {
    case "null":
      return "value is None";
    case "undefined":
      return "value is _MISSING";
    case "boolean":
      return "isinstance(value, bool)";
    case "number":
      return "isinstance(value, (int, float)) and not isinstance(value, bool)";
    case "string":
      return "isinstance(value, str)";
    case "array":
      return "isinstance(value, list)";
    case "object":
      return "isinstance(value, dict)";
  }
}

/** The shapes a value of `node` can arrive in (a Date as a string, a Map as an array...). */
export function bucketsOf(facts: TypeFacts, node: TypeNode, seen = new Set<string>()): Set<Bucket> {
  switch (node.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return new Set([node.kind]);
    case "undefined":
      return new Set(["undefined", "null"]);
    case "literal":
      return new Set([typeof node.value as Bucket]);
    case "enum":
      return new Set(node.members.map((member) => typeof member.value as Bucket));
    case "bigint":
      return new Set(["number", "string"]);
    case "date":
    case "bytes":
      return new Set(["string"]);
    case "array":
    case "tuple":
    case "map":
    case "set":
      return new Set(["array"]);
    case "object":
    case "record":
      return new Set(["object"]);
    case "union":
      return new Set(node.members.flatMap((member) => [...bucketsOf(facts, member, seen)]));
    case "ref": {
      if (seen.has(node.id)) return new Set();
      seen.add(node.id);
      return bucketsOf(facts, facts.named(node.id).type, seen);
    }
    case "unknown":
      return new Set(allBuckets);
  }
}
