/**
 * The schema IR: what `rpcgen generate` learns from a TypeScript IDL file, as plain JSON. It is
 * written next to the generated code (`<name>.schema.json`) and read by emitters, `rpcgen
 * check` and command-line callers. Documented in docs/schema.md; bump `schemaVersion` on any
 * incompatible change.
 */

/** The version of this IR format. */
export const schemaVersion = 1;

/** One analyzed IDL file. */
export interface Schema {
  readonly schemaVersion: typeof schemaVersion;
  /** The IDL file, relative to the directory the schema is written in, with `/` separators. */
  readonly source: string;
  /** Named types reachable from the services, keyed by {@link NamedType.id}, sorted by id. */
  readonly types: Readonly<Record<string, NamedType>>;
  /** Services in source order. */
  readonly services: readonly Service[];
  /**
   * The errors methods declare with `@throws`, keyed by {@link ErrorType.name}, sorted by name;
   * absent when no method declares one.
   */
  readonly errors?: Readonly<Record<string, ErrorType>>;
}

/**
 * An error a method declares with `@throws {Name}`: an interface (or object type) whose `code`
 * property is a string literal from the RpcCode set; every other property is the typed detail.
 */
export interface ErrorType {
  /** The interface's name: unique in the schema, and the `type` an error carries on the wire. */
  readonly name: string;
  /** Its RpcCode (`out_of_range`), from the literal type of its `code` property. */
  readonly code: string;
  /** Where it is declared, as {@link NamedType.declaredIn}. */
  readonly declaredIn: string;
  readonly doc?: string;
  /**
   * An object node: the interface's properties except `code`. Details travel from server to
   * client, so they follow response rules; named types inside are refs into `types`.
   */
  readonly details: TypeNode;
}

/**
 * A named type: an interface, a type alias, an enum or a data class the services use, or the
 * property an indexed access type reads (`components["schemas"]["simple-user"]`).
 */
export interface NamedType {
  /**
   * Unique within the schema: the declared name, or for a generic instantiation the name with
   * its arguments (`Page<Route>`), or `Name@2` when two files declare the same name; for an
   * indexed access, the path of declarations to it (`components["schemas"]["simple-user"]`).
   */
  readonly id: string;
  /** The name as declared; for an indexed access, the path (`components["schemas"]["x"]`). */
  readonly name: string;
  /** Where it is declared: a path relative to the schema's directory, or a package name. */
  readonly declaredIn: string;
  readonly doc?: string;
  readonly type: TypeNode;
}

/** A type, structurally. */
export type TypeNode =
  | { readonly kind: "string"; readonly constraints?: StringConstraints }
  | { readonly kind: "number"; readonly constraints?: NumberConstraints }
  | { readonly kind: "boolean" }
  | { readonly kind: "bigint" }
  | { readonly kind: "null" }
  | { readonly kind: "undefined" }
  | { readonly kind: "date" }
  | { readonly kind: "bytes" }
  /** A JSON-like value of unknown shape; allowed only in responses. */
  | { readonly kind: "unknown" }
  | { readonly kind: "literal"; readonly value: string | number | boolean }
  | { readonly kind: "array"; readonly element: TypeNode }
  | { readonly kind: "tuple"; readonly elements: readonly TupleElement[] }
  | {
      readonly kind: "object";
      readonly properties: readonly Property[];
      /** An index signature or `Record<string, V>`: extra keys allowed with values of this type. */
      readonly additional?: TypeNode;
    }
  | { readonly kind: "record"; readonly key: "string" | "number"; readonly value: TypeNode }
  | {
      readonly kind: "union";
      /**
       * The members; none at all is `never`, which no value matches (written only as the values
       * of `Record<string, never>`, an object that must have no properties).
       */
      readonly members: readonly TypeNode[];
      /** Set when every member is an object with this literal-typed property. */
      readonly discriminator?: string;
    }
  | { readonly kind: "enum"; readonly members: readonly EnumMember[] }
  | { readonly kind: "map"; readonly key: TypeNode; readonly value: TypeNode }
  | { readonly kind: "set"; readonly element: TypeNode }
  /** A reference to a named type: how recursion and sharing are expressed. */
  | { readonly kind: "ref"; readonly id: string };

export interface Property {
  readonly name: string;
  readonly type: TypeNode;
  readonly optional: boolean;
  readonly readonly: boolean;
  readonly doc?: string;
}

export interface TupleElement {
  readonly type: TypeNode;
  readonly optional: boolean;
  /** A rest element `...T[]`: `type` is the element type. */
  readonly rest: boolean;
  readonly name?: string;
}

export interface EnumMember {
  readonly name: string;
  readonly value: string | number;
}

/** Checks from JSDoc tags on a property or alias. */
export interface StringConstraints {
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A regular expression source (`u` flag); a template literal type's is anchored `^…$`. */
  readonly pattern?: string;
  readonly format?: "email" | "uuid" | "uri" | "date-time";
}

export interface NumberConstraints {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly integer?: boolean;
}

/** A service: an exported interface whose members are all methods. */
export interface Service {
  /** The interface name, also the wire name. */
  readonly name: string;
  /**
   * How the generated module imports the interface: a relative specifier from the output
   * directory to the IDL file, with a `.js` extension (`../services/path.js`).
   */
  readonly importFrom: string;
  readonly doc?: string;
  readonly methods: readonly Method[];
}

/** The four method shapes. */
export type MethodKind = "unary" | "server_stream" | "client_stream" | "bidi";

export interface Method {
  readonly name: string;
  readonly kind: MethodKind;
  readonly doc?: string;
  /**
   * Parameters in order. For client_stream and bidi there is exactly one, and its `type` is the
   * stream's item type (the `AsyncIterable<T>` is implied by `kind`).
   */
  readonly params: readonly Param[];
  /** The response type (item type for streams); `{kind: "undefined"}` for `Promise<void>`. */
  readonly response: TypeNode;
  /**
   * The names of the errors it declares (keys of {@link Schema.errors}), in `@throws` order;
   * absent when none.
   */
  readonly errors?: readonly string[];
}

export interface Param {
  readonly name: string;
  readonly type: TypeNode;
  readonly optional: boolean;
}
