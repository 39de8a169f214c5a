/**
 * The contract between generated code and the runtime. Codegen emits one
 * {@link ServiceDescriptor} per service; the runtime runs on it and never sees TypeScript types.
 */

import type { RpcCode } from "./errors/code.js";

/** How many messages flow each way in a method. */
export type MethodKind = "unary" | "server_stream" | "client_stream" | "bidi";

/**
 * Checks one message received from the wire and returns it in its in-memory form (an ISO string
 * becomes a Date, an array of pairs a Map, unknown properties are dropped). Throws an `RpcError`
 * with code `invalid_argument` and a message that starts with the path (`req.from.lat: expected
 * number, got string`) when the message does not match. Generated decoders are straight-line
 * code and may reuse the objects they are given.
 */
export type Decoder = (value: unknown) => unknown;

/**
 * Turns one message into its wire form (a Map becomes an array of pairs, a Set an array). Never
 * changes its argument. Absent when the message type needs no conversion.
 */
export type Encoder = (value: unknown) => unknown;

/**
 * One error a method declares (a `@throws` tag in the IDL): its code and how its details are
 * checked and sent. Keyed by the error's type name in {@link MethodDescriptor.errors}.
 */
export interface ErrorDescriptor {
  /** The code every error of this type carries. */
  readonly code: RpcCode;
  /**
   * Checks the details and returns their in-memory form, like a response decoder; its
   * messages start with the path `details.` (`details.point: expected "from" | "to", got
   * "x"`). The server checks what a handler raised with it, the client what it received.
   * Absent when the details need no check.
   */
  readonly decodeDetails?: Decoder;
  /** Converts the details to their wire form. Absent when they need no conversion. */
  readonly encodeDetails?: Encoder;
}

/**
 * One method of a service. `I` and `O` are the request and response message types; they exist
 * only for typing and are never read at run time.
 */
export interface MethodDescriptor<K extends MethodKind = MethodKind, I = unknown, O = unknown> {
  /** The method name as written in the interface, e.g. `shortestPath`. */
  readonly name: string;
  readonly kind: K;
  /**
   * Parameter names. With exactly one parameter (the default when absent) the request message
   * is that argument; with none or several it is an object keyed by these names.
   */
  readonly params?: readonly string[];
  /** Checks and converts each request message before the handler sees it. */
  readonly decodeRequest?: Decoder;
  /** Checks and converts each response message before the caller sees it. */
  readonly decodeResponse?: Decoder;
  /** Converts each request message to its wire form. */
  readonly encodeRequest?: Encoder;
  /** Converts each response message to its wire form. */
  readonly encodeResponse?: Encoder;
  /**
   * The errors the method declares, keyed by type name (`OutOfArea`). Absent when it declares
   * none: such a method costs nothing extra on either side.
   */
  readonly errors?: Readonly<Record<string, ErrorDescriptor>>;
  /** Type carrier; always `undefined` at run time. */
  readonly types?: { readonly request: I; readonly response: O };
}

/**
 * A service: its wire name and its methods keyed by method name. `S` is the service interface
 * (e.g. `PathService`), carried only for typing clients and handlers. `E` maps each method
 * name to the union of the `DeclaredError`s it declares (e.g. `{ shortestPath:
 * OutOfAreaError | UnreachableError }`); methods that declare none are left out.
 */
export interface ServiceDescriptor<S = unknown, E = NoDeclaredErrors> {
  /** The wire name, e.g. `PathService`. */
  readonly name: string;
  readonly methods: { readonly [method: string]: MethodDescriptor };
  /** Type carrier for the service interface; always `undefined` at run time. */
  readonly service?: S;
  /** Type carrier for the declared errors of each method; always `undefined` at run time. */
  readonly errorTypes?: E;
}

/** The errors map of a service whose methods declare none (the default of `E`). */
export type NoDeclaredErrors = Record<never, never>;

/** The declared errors map a descriptor stands for: `ErrorsOf<typeof PathServiceDef>`. */
export type ErrorsOf<D> = D extends ServiceDescriptor<unknown, infer E> ? E : never;

/** The service interface a descriptor stands for: `ServiceOf<typeof PathServiceDef>`. */
export type ServiceOf<D> = D extends ServiceDescriptor<infer S> ? S : never;

/** The request type of a method descriptor. */
export type RequestOf<D> = D extends MethodDescriptor<MethodKind, infer I, unknown> ? I : never;
/** The response type of a method descriptor. */
export type ResponseOf<D> = D extends MethodDescriptor<MethodKind, unknown, infer O> ? O : never;

/** The interface signature a single-message method descriptor stands for. */
export type SignatureOf<D> =
  D extends MethodDescriptor<infer K, infer I, infer O>
    ? K extends "unary"
      ? (request: I) => Promise<O>
      : K extends "server_stream"
        ? (request: I) => AsyncIterable<O>
        : K extends "client_stream"
          ? (requests: AsyncIterable<I>) => Promise<O>
          : (requests: AsyncIterable<I>) => AsyncIterable<O>
    : never;

/** The service interface a set of hand-written method descriptors stands for. */
export type InterfaceOf<M extends Record<string, MethodDescriptor>> = {
  [K in keyof M]: SignatureOf<M[K]>;
};

/**
 * Builds a method descriptor with its types attached, for services written without codegen:
 * `method<PathRequest, Route>()("shortestPath", "unary", { decodeRequest })`.
 */
export function method<I, O>() {
  return <K extends MethodKind>(
    name: string,
    kind: K,
    hooks: Pick<
      MethodDescriptor,
      "decodeRequest" | "decodeResponse" | "encodeRequest" | "encodeResponse" | "errors"
    > = {},
  ): MethodDescriptor<K, I, O> => ({ name, kind, ...hooks });
}

/**
 * Builds a service descriptor from hand-written method descriptors, typed by them. Declared
 * errors (`errors` on a method) are typed by `E`, taken from the annotation the result is
 * assigned to: `const Def: ServiceDescriptor<Api, ApiErrors> = defineService(...)`.
 */
export function defineService<M extends Record<string, MethodDescriptor>, E = NoDeclaredErrors>(
  name: string,
  methods: M,
): ServiceDescriptor<InterfaceOf<M>, E> {
  return { name, methods };
}
