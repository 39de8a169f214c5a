/**
 * Python names for IR names: PEP 8 casing (`PascalCase` classes, `snake_case` functions and
 * fields, `UPPER_CASE` enum members), keywords and clashing names made safe with a trailing
 * `_`, and scopes that number a name already taken (`Point2`).
 */

/** Python's keywords (soft keywords such as `match` and `type` are ordinary names). */
const keywords: ReadonlySet<string> = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except " +
    "finally for from global if import in is lambda nonlocal not or pass raise return try while " +
    "with yield"
  ).split(" "),
);

/**
 * Names the generated module defines or imports at module level (the embedded runtime's, the
 * standard library's and the builtins its annotations use): a type or function of the IDL that
 * would take one of them gets a trailing `_`.
 */
export const moduleNames: ReadonlySet<string> = new Set(
  (
    "annotations base64 datetime json math re time urllib Callable Iterator Mapping dataclass " +
    "field Enum HTTPException HTTPResponse ClassVar Generic Literal NoReturn TypeAlias TypeVar cast RpcCode " +
    "JsonValue RpcError DeclaredError ServerStream str int float bool bytes list dict set tuple " +
    "object type frozenset Exception BaseException StopIteration super len isinstance"
  ).split(" "),
);

/**
 * Names a dataclass field cannot take: in a class body a field named like a type the
 * annotations use (`datetime`, `str`) would hide that type from them. The module's own class
 * names are added per module.
 */
export const annotationNames: readonly string[] =
  "datetime str int float bool bytes list dict set tuple object Literal JsonValue field".split(" ");

/** Splits `distanceMeters`, `HTTPServer2`, `simple-user`, `snake_case` into lowercase words. */
export function words(name: string): string[] {
  return name
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
}

/** `distance_meters`; a name with no letters or digits becomes `value`. */
export function snakeCase(name: string): string {
  return safeStart(words(name).join("_") || "value");
}

/** `UPPER_SNAKE` for enum members. */
export function upperCase(name: string): string {
  return snakeCase(name).toUpperCase();
}

/** `PascalCase` for classes: `Page<Route>` is `PageRoute`. */
export function pascalCase(name: string): string {
  const joined = words(name)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
  return safeStart(joined || "Value");
}

function safeStart(name: string): string {
  return /^\p{N}/u.test(name) ? `n${name}` : name;
}

/** A set of names in one Python namespace; each name asked for comes back unique and safe. */
export class NameScope {
  readonly #taken = new Set<string>();
  readonly #reserved: ReadonlySet<string>;

  constructor(reserved: ReadonlySet<string> = new Set()) {
    this.#reserved = reserved;
  }

  /** `name`, with `_` after a keyword or reserved name, then numbered while taken. */
  claim(name: string): string {
    const base = keywords.has(name) || this.#reserved.has(name) ? `${name}_` : name;
    let unique = base;
    for (let n = 2; this.#taken.has(unique); n++) unique = `${base}${n}`;
    this.#taken.add(unique);
    return unique;
  }
}
