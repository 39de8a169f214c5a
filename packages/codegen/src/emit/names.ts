import { stringLiteral } from "./printer.js";

/**
 * Identifiers in generated code: turning schema ids into identifiers, reading properties by name,
 * and handing out unique names so a user's property or type can never shadow a helper.
 */

/** Names that reach `Object.prototype` when read from a plain object that lacks them. */
const inheritedNames = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Names no generated binding takes: words reserved in strict-mode modules, and the standard
 * globals (which Biome's noShadowRestrictedNames forbids shadowing, and generated code uses).
 */
const reserved = new Set([
  ...["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete"],
  ...["do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if"],
  ...["import", "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw"],
  ...["true", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static"],
  ...["implements", "interface", "package", "private", "protected", "public", "await", "as"],
  ...["arguments", "eval", "undefined", "NaN", "Infinity", "globalThis", "escape", "unescape"],
  ...["isFinite", "isNaN", "parseFloat", "parseInt", "decodeURI", "decodeURIComponent"],
  ...["encodeURI", "encodeURIComponent", "Intl", "Math", "Reflect", "Proxy", "Atomics", "JSON"],
  ...["AggregateError", "Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError"],
  ...["TypeError", "URIError", "Array", "ArrayBuffer", "SharedArrayBuffer", "DataView"],
  ...["BigInt", "Boolean", "Date", "Function", "Map", "Number", "Object", "Promise", "RegExp"],
  ...["Set", "String", "Symbol", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry"],
  ...["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array"],
  ...["Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array"],
  ...["BigUint64Array"],
  ...inheritedNames,
]);

const identifierPattern = /^[A-Za-z_$][\w$]*$/;

/** True when `name` can be written after a dot (`value.name`). */
export function isPropertyIdentifier(name: string): boolean {
  return identifierPattern.test(name);
}

/** True when reading `name` from a plain object might find an inherited member instead. */
export function isInheritedName(name: string): boolean {
  return inheritedNames.has(name);
}

/**
 * An identifier fragment from arbitrary text: runs of characters an identifier cannot hold
 * become one `_` (`Page<Route>` -> `Page_Route`, `Name@2` -> `Name_2`).
 */
export function sanitize(text: string): string {
  const cleaned = text
    .replace(/[^\w$]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/_+/g, "_");
  if (cleaned === "") return "_";
  return /^\d/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/** `text` with its first letter upper-cased, for `decode${Name}`. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Reads property `name` of `object`: `object.name` or `object["my-name"]`. */
export function propertyAccess(object: string, name: string): string {
  return isPropertyIdentifier(name) ? `${object}.${name}` : `${object}[${stringLiteral(name)}]`;
}

/**
 * Reads an own property only, so `constructor` or `toString` missing from a message reads as
 * `undefined` rather than as the inherited function.
 */
export function ownPropertyRead(object: string, name: string): string {
  if (!isInheritedName(name)) return propertyAccess(object, name);
  return `(Object.hasOwn(${object}, ${stringLiteral(name)}) ? ${propertyAccess(object, name)} : undefined)`;
}

/**
 * A key in an object literal. `__proto__` is written computed, since a plain `__proto__: x`
 * would set the prototype instead of defining a property.
 */
export function propertyKey(name: string): string {
  if (name === "__proto__") return `[${stringLiteral(name)}]`;
  return isPropertyIdentifier(name) ? name : stringLiteral(name);
}

/**
 * Hands out unique identifiers for one module. Module-level names (functions, constants,
 * imports) never equal a local used anywhere in the module, and locals never equal a
 * module-level name, so no local can shadow a helper a function calls.
 */
export class NameRegistry {
  readonly #module = new Set<string>();
  readonly #locals = new Set<string>();

  /** Claims `name` exactly (an import or an exported name); throws if it is taken. */
  claim(name: string): string {
    if (this.#module.has(name) || this.#locals.has(name)) {
      throw new Error(`rpcgen emit: the name ${name} is used twice in one generated module`);
    }
    this.#module.add(name);
    return name;
  }

  /** True when `name` is a module-level name already. */
  isTaken(name: string): boolean {
    return this.#module.has(name);
  }

  /** A fresh module-level name: `base`, else `base2`, `base3`, ... */
  module(base: string): string {
    const name = unique(
      base,
      (candidate) => this.#module.has(candidate) || this.#locals.has(candidate),
    );
    this.#module.add(name);
    return name;
  }

  /** A scope for the locals of one function. */
  scope(): LocalScope {
    return new LocalScope(this.#module, this.#locals);
  }
}

/** Unique names for the locals of one function, or of one block inside it. */
export class LocalScope {
  readonly #used = new Set<string>();
  readonly #parent: LocalScope | undefined;
  readonly #module: ReadonlySet<string>;
  readonly #everLocal: Set<string>;

  constructor(module: ReadonlySet<string>, everLocal: Set<string>, parent?: LocalScope) {
    this.#module = module;
    this.#everLocal = everLocal;
    this.#parent = parent;
    // Every generated function takes `value` and `path`.
    if (parent === undefined) for (const name of ["value", "path"]) this.#used.add(name);
  }

  /** A scope for a block: it sees this scope's names, and its own names end with it. */
  child(): LocalScope {
    return new LocalScope(this.#module, this.#everLocal, this);
  }

  /** True when `name` can be declared here. */
  isFree(name: string): boolean {
    return !reserved.has(name) && !this.#module.has(name) && !this.#inUse(name);
  }

  /** A fresh local named after `hint` (sanitized; reserved words and module names avoided). */
  local(hint: string): string {
    const name = unique(sanitize(hint), (candidate) => !this.isFree(candidate));
    this.#used.add(name);
    this.#everLocal.add(name);
    return name;
  }

  #inUse(name: string): boolean {
    if (this.#used.has(name)) return true;
    return this.#parent === undefined ? false : this.#parent.#inUse(name);
  }
}

function unique(base: string, taken: (name: string) => boolean): string {
  const start = reserved.has(base) ? `${base}_` : base;
  if (!taken(start)) return start;
  // `item1` then `item1_2`, never the confusing `item12`.
  const separator = /\d$/.test(start) ? "_" : "";
  for (let n = 2; ; n++) {
    const candidate = `${start}${separator}${n}`;
    if (!taken(candidate)) return candidate;
  }
}
