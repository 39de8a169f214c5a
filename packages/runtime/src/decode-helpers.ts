import { RpcCode } from "./errors/code.js";
import { RpcError } from "./errors/rpc-error.js";

/**
 * Helpers shared by generated decoders and encoders. They keep emitted code short and its
 * error messages uniform; they are public because generated modules import them, but they are
 * not meant for hand-written code.
 */

/** A decoder failure: `invalid_argument` with the path first, e.g. `req.lat: expected number, got string`. */
export function invalidAt(path: string, message: string): RpcError {
  // A validation error travels to the client as code, message and path; its stack would only
  // point into generated code, and capturing it is most of the cost of refusing a message.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new RpcError(RpcCode.InvalidArgument, `${path}: ${message}`, { details: { path } });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Names what a value is, for "expected X, got Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Date) return "Date";
  const type = typeof value;
  if (type === "number" && Number.isNaN(value)) return "NaN";
  return type;
}

/** Throws `path: expected <expected>, got <what value is>`. */
export function expected(path: string, what: string, value: unknown): never {
  throw invalidAt(path, `expected ${what}, got ${describeValue(value)}`);
}

/**
 * Throws `path: expected <what>, got <value>`, showing a string, number or boolean as it is
 * (for literals, enums and constraints: `got "ferries"` says more than `got string`).
 */
export function expectedValue(path: string, what: string, value: unknown): never {
  const shown =
    typeof value === "string"
      ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)
      : typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : describeValue(value);
  throw invalidAt(path, `expected ${what}, got ${shown}`);
}

/** A plain object (not an array, not null, not bytes or a Date). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Date)
  );
}

/** Deletes keys not in `known` (unknown properties are dropped, see docs/schema.md). */
export function dropUnknown(value: Record<string, unknown>, known: ReadonlySet<string>): void {
  for (const key in value) if (!known.has(key)) delete value[key];
}

/** A Date from a Date or an ISO 8601 string (how JSON carries dates). */
export function decodeDate(value: unknown, path: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) expected(path, "a valid date", value);
    return value;
  }
  if (typeof value === "string") {
    const date = new Date(value);
    if (Number.isNaN(date.getTime()))
      throw invalidAt(path, `expected an ISO 8601 date, got "${value.slice(0, 40)}"`);
    return date;
  }
  return expected(path, "Date", value);
}

const integerText = /^-?\d{1,40}$/;

/** A bigint from a bigint, a safe integer, or a decimal string (how JSON carries bigints). */
export function decodeBigInt(value: unknown, path: string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && integerText.test(value)) return BigInt(value);
  return expected(path, "bigint", value);
}

const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes from a Uint8Array or a base64 string (how JSON carries bytes). */
export function decodeBytes(value: unknown, path: string): Uint8Array {
  if (value instanceof Uint8Array) {
    // A subclass (Node's Buffer from msgpackr) becomes a plain view, so callers see Uint8Array.
    return value.constructor === Uint8Array
      ? value
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (typeof value === "string" && value.length % 4 === 0 && base64Text.test(value)) {
    return fromBase64(value);
  }
  return expected(path, "bytes (Uint8Array or base64)", value);
}

/** Standard base64 of `bytes`, without Node's Buffer so browsers can use it too. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
