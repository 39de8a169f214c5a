import type ts from "typescript";
import type { TypeNode } from "../../ir/schema.js";
import { DiagnosticCode } from "../codes.js";
import type { Context, Site } from "./context.js";
import { type Refusal, refuse } from "./refuse.js";
import { visitMap, visitSet } from "./visit-collection.js";
import { refuseFunction } from "./visit-object.js";

/**
 * Object types from TypeScript's standard library (arrays and tuples are handled before).
 * A few are data the codecs carry exactly (`Date`, `Uint8Array`, `Map`, `Set`); every other is
 * refused, with a suggestion specific to the type where there is an obvious one.
 */
export function visitBuiltin(ctx: Context, type: ts.Type, site: Site): TypeNode {
  const name = type.symbol?.name ?? "";
  switch (name) {
    case "Date":
      return { kind: "date" };
    case "Uint8Array":
      return { kind: "bytes" };
    case "Map":
    case "ReadonlyMap":
      return visitMap(ctx, type as ts.TypeReference, site);
    case "Set":
    case "ReadonlySet":
      return visitSet(ctx, type as ts.TypeReference, site);
    case "Function":
    case "CallableFunction":
    case "NewableFunction":
      return refuseFunction(ctx, type, site);
  }
  return refuse(ctx, type, site, refusals[name] ?? fallback(name));
}

const stream: Refusal = {
  code: DiagnosticCode.unsupportedStream,
  why: "is an iterable or a stream inside data: only a method's parameter or result can be a stream",
  instead:
    "Send an array (`T[]`) for a bounded list, or make it a streaming method (`AsyncIterable<T>` as the parameter or the result).",
};

const weak: Refusal = {
  code: DiagnosticCode.unsupportedWeak,
  why: "holds its keys weakly, by object identity, which does not survive serialization",
  instead: "Use `Map<K, V>` or `Set<T>` with serializable keys.",
};

const binary: Refusal = {
  code: DiagnosticCode.unsupportedBuiltin,
  why: "is a binary buffer type other than `Uint8Array`",
  instead: "Use `Uint8Array` for bytes (or `number[]` for a list of numbers).",
};

const wrapper = (primitive: string): Refusal => ({
  code: DiagnosticCode.unsupportedBuiltin,
  why: "is a boxed primitive object",
  instead: `Write the primitive \`${primitive}\`.`,
});

const refusals: Readonly<Record<string, Refusal>> = {
  Promise: {
    code: DiagnosticCode.unsupportedPromise,
    why: "is a Promise inside data: a promise is a pending computation in one process, not a value",
    instead:
      "Await it in the handler and send the value (`T`), or return `Promise<T>` from the method itself.",
  },
  PromiseLike: {
    code: DiagnosticCode.unsupportedPromise,
    why: "is a promise-like inside data: only a method's result can be asynchronous",
    instead: "Send the resolved value `T`, or return `Promise<T>` from the method itself.",
  },
  AsyncIterable: stream,
  AsyncIterableIterator: stream,
  AsyncGenerator: stream,
  AsyncIterator: stream,
  Iterable: stream,
  IterableIterator: stream,
  Iterator: stream,
  Generator: stream,
  WeakMap: weak,
  WeakSet: weak,
  WeakRef: weak,
  ArrayBuffer: binary,
  SharedArrayBuffer: binary,
  DataView: binary,
  Uint8ClampedArray: binary,
  Int8Array: binary,
  Int16Array: binary,
  Uint16Array: binary,
  Int32Array: binary,
  Uint32Array: binary,
  Float32Array: binary,
  Float64Array: binary,
  BigInt64Array: binary,
  BigUint64Array: binary,
  String: wrapper("string"),
  Number: wrapper("number"),
  Boolean: wrapper("boolean"),
  BigInt: wrapper("bigint"),
  Symbol: {
    code: DiagnosticCode.unsupportedSymbol,
    why: "is a symbol: symbols are unique to one process and cannot be serialized",
    instead: "Write a `string` identifier instead.",
  },
  Object: {
    code: DiagnosticCode.unsupportedObject,
    why: "says nothing about the shape, so it cannot be validated",
    instead:
      "Write an interface with the expected properties, or `Record<string, T>` for a dictionary.",
  },
  RegExp: {
    code: DiagnosticCode.unsupportedBuiltin,
    why: "is a class instance with behaviour, which does not survive serialization",
    instead: "Send the pattern as a `string` (its source).",
  },
  Error: {
    code: DiagnosticCode.unsupportedBuiltin,
    why: "is a class instance: stacks and prototypes do not survive serialization",
    instead:
      "Throw an `RpcError` from the handler for failures, or declare an interface such as `{ code: string; message: string }` for errors as data.",
  },
};

function fallback(name: string): Refusal {
  return {
    code: DiagnosticCode.unsupportedBuiltin,
    why: `is the built-in \`${name}\`, which is not plain data`,
    instead: "Describe the data with an interface of strings, numbers, arrays and nested objects.",
  };
}
