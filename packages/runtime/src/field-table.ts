import { expected, expectedValue } from "./decode-helpers.js";

/**
 * Big object types (more than 16 properties, such as the 95-property repository records of
 * OpenAPI-generated types) are checked by one walk over the value's own keys against a table,
 * instead of one statement per property plus a separate pass that drops unknown keys. The walk
 * reads each value through V8's for-in fast path, so it costs no more than the drop pass alone
 * did, and the generated module holds one table line per property instead of a statement.
 */

/**
 * What a generated module says about each property of a big object type: its type when
 * `typeof` tests and literal values decide it (`"string"`, `"number | null"`,
 * `"boolean | undefined"` for an optional one, `'"open" | "closed"'` with literals written as
 * JSON), or `"decoded"` when the decoder checks it with its own code after the walk.
 */
export type FieldSpec = Readonly<Record<string, string>>;

const STRING = 1;
const NUMBER = 2;
const BOOLEAN = 4;
const NULL = 8;
const UNDEFINED = 16;
/** Known, checked by the generated code after the walk. */
const DECODED = 32;

const flagOf: Readonly<Record<string, number>> = {
  string: STRING,
  number: NUMBER,
  boolean: BOOLEAN,
  null: NULL,
  undefined: UNDEFINED,
  decoded: DECODED,
};

/** A {@link FieldSpec} compiled once, when the generated module loads. */
export interface FieldTable {
  readonly keys: readonly string[];
  readonly flags: readonly number[];
  /** What each plain property's message says it expected (`string | null`). */
  readonly what: readonly string[];
  /** The literal values a property may also hold, where its type lists some. */
  readonly literals: readonly (ReadonlySet<unknown> | undefined)[];
  /** Each key as it follows the object's path in messages: `.name` or `["display-name"]`. */
  readonly suffixes: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** How many properties must be present (neither optional nor decoded by later code). */
  readonly required: number;
}

/** Compiles the property list of a big object type; generated modules call it at load. */
export function fieldTable(spec: FieldSpec): FieldTable {
  const keys = Object.keys(spec);
  const flags: number[] = [];
  const what: string[] = [];
  const literals: (Set<unknown> | undefined)[] = [];
  let required = 0;
  for (const key of keys) {
    const members = (spec[key] as string).split(" | ");
    let flag = 0;
    let values: Set<unknown> | undefined;
    for (const member of members) {
      const bit = flagOf[member];
      if (bit !== undefined) flag |= bit;
      else {
        values ??= new Set();
        values.add(literal(member, key));
      }
    }
    flags.push(flag);
    literals.push(values);
    what.push(members.filter((member) => member !== "undefined").join(" | "));
    if ((flag & (UNDEFINED | DECODED)) === 0) required++;
  }
  const index = new Map(keys.map((key, i) => [key, i]));
  const suffixes = keys.map((key) =>
    identifier.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`,
  );
  return { keys, flags, what, literals, suffixes, index, required };
}

const identifier = /^[A-Za-z_$][\w$]*$/;

function literal(text: string, key: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`fieldTable: unknown type ${text} for ${key}`);
  }
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    throw new Error(`fieldTable: unknown type ${text} for ${key}`);
  }
  return value;
}

/**
 * Checks every plain property of `value` against `table` and deletes keys the table does not
 * know (unknown properties are dropped, docs/schema.md). Keys are matched in the order the
 * table lists them first, which is the order encoders write them, so a lookup is needed only
 * for keys out of that order.
 */
export function checkFields(value: Record<string, unknown>, path: string, table: FieldTable): void {
  const { keys, flags } = table;
  let next = 0;
  let present = 0;
  for (const key in value) {
    let i: number | undefined = next;
    if (key !== keys[i]) {
      i = table.index.get(key);
      if (i === undefined) {
        delete value[key];
        continue;
      }
    }
    next = i + 1;
    const flag = flags[i] as number;
    if (flag & DECODED) continue;
    const item = value[key];
    if ((flag & UNDEFINED) === 0) present++;
    if (accepts(flag, item)) continue;
    const values = table.literals[i];
    const at = path + table.suffixes[i];
    if (values === undefined) expected(at, table.what[i] as string, item);
    else if (!values.has(item)) expectedValue(at, table.what[i] as string, item);
  }
  if (present < table.required) missing(value, path, table);
}

function accepts(flag: number, item: unknown): boolean {
  switch (typeof item) {
    case "string":
      return (flag & STRING) !== 0;
    case "number":
      // NaN is refused; Infinity passes (msgpack carries it, JSON turns it into null).
      return (flag & NUMBER) !== 0 && !Number.isNaN(item);
    case "boolean":
      return (flag & BOOLEAN) !== 0;
    case "undefined":
      return (flag & UNDEFINED) !== 0;
    default:
      return item === null && (flag & NULL) !== 0;
  }
}

/** Reports the first required property, in declaration order, that the value lacks. */
function missing(value: Record<string, unknown>, path: string, table: FieldTable): never {
  for (let i = 0; i < table.keys.length; i++) {
    const key = table.keys[i] as string;
    if ((table.flags[i] as number) & (UNDEFINED | DECODED)) continue;
    if (!Object.hasOwn(value, key)) {
      expected(path + table.suffixes[i], table.what[i] as string, undefined);
    }
  }
  throw new Error("checkFields: a required property was counted missing but is present");
}
