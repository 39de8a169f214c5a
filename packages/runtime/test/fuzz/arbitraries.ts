import fc from "fast-check";

/**
 * Keys that are ordinary data for most code but special to some: prototype-reaching names,
 * msgpackr's rename of `__proto__`, and inherited method names.
 */
export const trickyKeys = [
  "__proto__",
  "__proto_",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
] as const;

const key = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(...trickyKeys) },
);

/**
 * A plain object with the given entries as own enumerable properties, including `__proto__`,
 * which an assignment or an object literal would turn into a prototype change instead.
 */
export function ownObject(entries: readonly (readonly [string, unknown])[]): object {
  const object: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(object, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

function objectOf(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.array(fc.tuple(key, value), { maxLength: 5 }).map(ownObject);
}

/** A finite double, with -0 read as 0 (neither codec keeps the sign of zero). */
const double = fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (d === 0 ? 0 : d));

/** JSON data whose objects may carry any of {@link trickyKeys} as own keys. */
export const jsonData: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 6, depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    double,
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.array(tie("value"), { maxLength: 5 }),
    objectOf(tie("value")),
  ),
})).value;

/**
 * Data msgpack carries natively: JSON data plus Uint8Array, Date, bigint (64-bit), undefined
 * and NaN.
 */
export const msgpackData: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 6, depthSize: "small" },
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double({ noDefaultInfinity: false }).map((d) => (d === 0 ? 0 : d)),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.uint8Array({ maxLength: 24 }),
    fc.date({ noInvalidDate: true }),
    fc.array(tie("value"), { maxLength: 5 }),
    objectOf(tie("value")),
  ),
})).value;

/** True when `value` holds an own key in `keys` at any depth. */
export function hasKey(value: unknown, keys: readonly string[]): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (ArrayBuffer.isView(value) || value instanceof Date) return false;
  if (Array.isArray(value)) return value.some((item) => hasKey(item, keys));
  return Object.keys(value).some(
    (k) => keys.includes(k) || hasKey((value as Record<string, unknown>)[k], keys),
  );
}

/** A copy with every byte view made a plain Uint8Array (msgpackr decodes bin to Buffer). */
export function plain(value: unknown): unknown {
  if (typeof value !== "object" || value === null || value instanceof Date) return value;
  if (ArrayBuffer.isView(value)) {
    return Uint8Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  if (Array.isArray(value)) return value.map(plain);
  return ownObject(Object.entries(value).map(([k, v]) => [k, plain(v)] as const));
}

/**
 * Well-formed msgpack items to splice into otherwise random bytes, so that mutated inputs reach
 * the decoder's extension, string, map and container paths rather than failing on byte one.
 * Includes the extensions that once broke the decoder: 0x42 (a 128-bit bigint) and 0x69/0x70
 * (msgpackr's shared references).
 */
export const msgpackFragment: fc.Arbitrary<Uint8Array> = fc
  .constantFrom(
    "c0", // nil
    "c1", // never used
    "c3",
    "cb7ff8000000000000", // NaN
    "d3ffffffffffffffff", // int64 -1
    "cfffffffffffffffff", // uint64 max
    "a0",
    "a3616263",
    "d9ff", // str8 claiming 255 bytes
    "dbffffffff", // str32 claiming 4 GiB
    "c4ff", // bin8 claiming 255 bytes
    "c6ffffffff",
    "90",
    "91",
    "9f",
    "dc0000",
    `d842${"01".repeat(16)}`, // bigint ext, 128 bits
    "d66900000000920101", // shared-reference record
    "d67000000000", // pointer to record 0
    "ddffffffff", // array32 claiming 4 billion items
    "80",
    "81",
    "81a9" + "5f5f70726f746f5f5f", // map { "__proto__": ... }
    "81a8" + "5f5f70726f746f5f", // map { "__proto_": ... }
    "81ab636f6e7374727563746f72", // map { "constructor": ... }
    "8191", // map with an array key
    "dfffffffff",
    "d40000", // ext 0: undefined
    "d4ffff",
    "d6ff00000000", // timestamp 32
    "d7ff0000000000000000", // timestamp 64
    "c70cffffffffffffffffffffffffffff", // timestamp 96, extreme
    "c703ff000000", // timestamp of a bad length
    "d50500", // unknown extension 5
    "d4730091", // set
    "d7740100000000000000", // typed array
    "d5780092", // regexp
    "d465", // error extension, truncated
    "c8ffff01",
  )
  .map((hex) => Uint8Array.from(Buffer.from(hex, "hex")));

/**
 * Random bytes with well-formed msgpack items spliced in, usually behind an array header that
 * counts the pieces, so that more inputs decode to the end instead of stopping on trailing bytes.
 */
export const msgpackishBytes: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.array(fc.oneof({ weight: 3, arbitrary: msgpackFragment }, fc.uint8Array({ maxLength: 6 })), {
      maxLength: 15,
    }),
    fc.boolean(),
  )
  .map(([parts, counted]) => {
    const body = parts.flatMap((p) => [...p]);
    return Uint8Array.from(counted ? [0x90 | parts.length, ...body] : body);
  });
