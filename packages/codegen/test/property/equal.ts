/**
 * Strict structural equality for decoded messages, reporting where two values first differ.
 * Stricter than vitest's `toStrictEqual` where it matters here (`Object.is` on numbers, exact
 * Uint8Array class, Map and Set order) and immune to data that happens to have an own
 * `constructor` property, which `toStrictEqual` mistakes for a class.
 */
export function difference(actual: unknown, expected: unknown, path = "$"): string | undefined {
  if (typeof expected !== "object" || expected === null) {
    return Object.is(actual, expected)
      ? undefined
      : `${path}: got ${describe(actual)}, expected ${describe(expected)}`;
  }
  if (typeof actual !== "object" || actual === null) {
    return `${path}: got ${describe(actual)}, expected ${describe(expected)}`;
  }
  const proto = Object.getPrototypeOf(expected);
  if (Object.getPrototypeOf(actual) !== proto) {
    return `${path}: got a ${className(actual)}, expected a ${className(expected)}`;
  }
  if (expected instanceof Date) {
    const time = (actual as Date).getTime();
    return Object.is(time, expected.getTime())
      ? undefined
      : `${path}: got ${describe(actual)}, expected ${describe(expected)}`;
  }
  if (expected instanceof Uint8Array) {
    const bytes = actual as Uint8Array;
    if (bytes.length !== expected.length) {
      return `${path}: got ${bytes.length} bytes, expected ${expected.length}`;
    }
    const at = expected.findIndex((byte, i) => bytes[i] !== byte);
    return at < 0 ? undefined : `${path}[${at}]: got ${bytes[at]}, expected ${expected[at]}`;
  }
  if (expected instanceof Map || expected instanceof Set || Array.isArray(expected)) {
    const got = Array.from(actual as Iterable<unknown>);
    const want = Array.from(expected as Iterable<unknown>);
    if (got.length !== want.length) {
      return `${path}: got ${got.length} entries, expected ${want.length}`;
    }
    for (let i = 0; i < want.length; i++) {
      const found = difference(got[i], want[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const gotKeys = Object.keys(actual).sort();
  const wantKeys = Object.keys(expected).sort();
  if (gotKeys.join("\0") !== wantKeys.join("\0")) {
    return `${path}: got keys ${JSON.stringify(gotKeys)}, expected ${JSON.stringify(wantKeys)}`;
  }
  for (const key of wantKeys) {
    const found = difference(
      (actual as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
      `${path}[${JSON.stringify(key)}]`,
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

function className(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null) return "null-prototype object";
  return (proto as { constructor?: { name?: string } }).constructor?.name ?? "object";
}

function describe(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  if (Object.is(value, -0)) return "-0";
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (typeof value === "object" && value !== null) return className(value);
  return String(value);
}
