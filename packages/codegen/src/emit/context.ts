import type { Schema, TypeNode } from "../ir/schema.js";
import { ImportTracker } from "./imports.js";
import { capitalize, NameRegistry, sanitize } from "./names.js";
import type { CodePrinter } from "./printer.js";
import { SharedStructures } from "./shared-structures.js";
import { TypeFacts } from "./type-facts.js";

/** Everything of `@rpcgen/runtime` a generated module may import. */
export const runtimeSymbols = {
  values: [
    "checkFields",
    "createClient",
    "decodeBigInt",
    "decodeBytes",
    "decodeDate",
    "decodeObjectUnion",
    "describeValue",
    "dropUnknown",
    "errorGuards",
    "expected",
    "expectedValue",
    "fieldTable",
    "invalidAt",
    "isPlainObject",
  ],
  types: [
    "ClientOf",
    "ClientOptions",
    "ClientTransport",
    "DeclaredError",
    "HandlersOf",
    "ServiceDescriptor",
  ],
} as const;

/** A runtime value generated code may import. */
export type RuntimeValue = (typeof runtimeSymbols.values)[number];
/** A runtime type generated code may import. */
export type RuntimeType = (typeof runtimeSymbols.types)[number];

/** Module-level helpers the emitter writes once, at the end, when some code uses them. */
export type SharedHelper = "email" | "uuid" | "uri" | "date-time";

/**
 * A function the emitter still has to write: its name and how to print it. Printing returns the
 * helpers it split off, which are printed right after it.
 */
export interface PendingFunction {
  readonly name: string;
  readonly print: (printer: CodePrinter) => PendingFunction[];
}

/**
 * The state of emitting one module: names, imports, type facts, and the work lists of decoder
 * and encoder functions, filled as code refers to them so only what is used gets written.
 */
export class EmitContext {
  readonly names = new NameRegistry();
  readonly imports = new ImportTracker();
  readonly facts: TypeFacts;
  readonly runtimeImport: string;
  readonly #shared = new Map<SharedHelper, string>();
  readonly #decoderNames = new Map<string, string>();
  readonly #encoderNames = new Map<string, string>();
  /** Named types whose decoder or encoder is referenced, in order of first reference. */
  readonly decoderQueue: string[] = [];
  /**
   * The module constant describing each untagged union of objects, by its members: one per
   * union however many places use it (a union's other keys may hold the union itself).
   */
  readonly objectUnions = new Map<string, string>();
  readonly encoderQueue: string[] = [];
  /** Which structures repeat, so they are decoded by one function. */
  readonly structures: SharedStructures;
  readonly #objectDecoders = new Map<string, string>();

  constructor(schema: Schema, runtimeImport: string) {
    this.facts = new TypeFacts(schema);
    this.runtimeImport = runtimeImport;
    for (const name of [...runtimeSymbols.values, ...runtimeSymbols.types]) this.names.claim(name);
    // Name every type's functions up front, in id order, so a name never depends on which
    // type happened to be reached first.
    this.structures = new SharedStructures(schema);
    const ids = Object.keys(schema.types)
      .sort()
      .filter((id) => this.structures.canonical(id) === id);
    for (const id of ids) {
      this.#decoderNames.set(id, this.names.module(`decode${capitalize(sanitize(id))}`));
    }
    for (const id of ids) {
      if (this.facts.needsEncoding({ kind: "ref", id })) {
        this.#encoderNames.set(id, this.names.module(`encode${capitalize(sanitize(id))}`));
      }
    }
  }

  /** Imports a runtime value and returns its name. */
  rt(name: RuntimeValue): string {
    this.imports.value(name, this.runtimeImport);
    return name;
  }

  /** Imports a runtime type and returns its name. */
  rtType(name: RuntimeType): string {
    this.imports.type(name, this.runtimeImport);
    return name;
  }

  /**
   * The function decoding an anonymous object that is written in several places, and whether
   * the caller is the first to ask (and must queue it for printing); undefined for one written
   * inline.
   */
  sharedObjectDecoder(
    node: TypeNode,
    hint: string,
    nested: boolean,
  ): { name: string; first: boolean } | undefined {
    const shared = this.structures.sharedObject(node, nested);
    if (shared === undefined) return undefined;
    if ("named" in shared) return { name: this.decoderOf(shared.named), first: false };
    const known = this.#objectDecoders.get(shared.key);
    if (known !== undefined) return { name: known, first: false };
    const name = this.names.module(`decode${capitalize(sanitize(hint))}`);
    this.#objectDecoders.set(shared.key, name);
    return { name, first: true };
  }

  /** The decoder function of named type `id`, queued for emission. */
  decoderOf(named: string): string {
    const id = this.structures.canonical(named);
    const name = this.#decoderNames.get(id);
    if (name === undefined) throw new Error(`rpcgen emit: the schema has no type with id ${id}`);
    if (!this.decoderQueue.includes(id)) this.decoderQueue.push(id);
    return name;
  }

  /** The encoder function of named type `id` (which must need one), queued for emission. */
  encoderOf(named: string): string {
    const id = this.structures.canonical(named);
    const name = this.#encoderNames.get(id);
    if (name === undefined) throw new Error(`rpcgen emit: type ${id} has no encoder`);
    if (!this.encoderQueue.includes(id)) this.encoderQueue.push(id);
    return name;
  }

  /** The name of a shared helper, which will be written at the end of the module. */
  shared(helper: SharedHelper): string {
    let name = this.#shared.get(helper);
    if (name === undefined) {
      name = this.names.module(sharedNames[helper]);
      this.#shared.set(helper, name);
    }
    return name;
  }

  /** The shared helpers used, in a fixed order, with their names. */
  usedShared(): [SharedHelper, string][] {
    return sharedOrder.flatMap((helper) => {
      const name = this.#shared.get(helper);
      return name === undefined ? [] : [[helper, name] as [SharedHelper, string]];
    });
  }
}

const sharedNames: Record<SharedHelper, string> = {
  email: "EMAIL_FORMAT",
  uuid: "UUID_FORMAT",
  uri: "URI_FORMAT",
  "date-time": "DATE_TIME_FORMAT",
};

const sharedOrder: readonly SharedHelper[] = ["email", "uuid", "uri", "date-time"];
