/**
 * The contract between generated code and the runtime. Codegen emits one
 * {@link ServiceDescriptor} per service; the runtime runs on it and never sees TypeScript types.
 */

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
  /** Type carrier; always `undefined` at run time. */
  readonly types?: { readonly request: I; readonly response: O };
}

/**
 * A service: its wire name and its methods keyed by method name. `S` is the service interface
 * (e.g. `PathService`), carried only for typing clients and handlers.
 */
export interface ServiceDescriptor<S = unknown> {
  /** The wire name, e.g. `PathService`. */
  readonly name: string;
  readonly methods: { readonly [method: string]: MethodDescriptor };
  /** Type carrier for the service interface; always `undefined` at run time. */
  readonly service?: S;
}

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
      "decodeRequest" | "decodeResponse" | "encodeRequest" | "encodeResponse"
    > = {},
  ): MethodDescriptor<K, I, O> => ({ name, kind, ...hooks });
}

/** Builds a service descriptor from hand-written method descriptors, typed by them. */
export function defineService<M extends Record<string, MethodDescriptor>>(
  name: string,
  methods: M,
): ServiceDescriptor<InterfaceOf<M>> {
  return { name, methods };
}
