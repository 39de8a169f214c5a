/**
 * The contract between generated code and the runtime. Codegen emits one
 * {@link ServiceDescriptor} per service; the runtime runs on it and never sees TypeScript types.
 */

/** How many messages flow each way in a method. */
export type MethodKind = "unary" | "server_stream" | "client_stream" | "bidi";

/** One problem found by a validator: where, and what was expected. */
export interface ValidationIssue {
  /** Dotted path from the argument name, e.g. `req.from.lat`. */
  readonly path: string;
  /** What was wrong, e.g. `expected number, got string`. */
  readonly message: string;
}

/**
 * A compiled check of one message. Returns `undefined` when the value is valid, or the first
 * issue found. Validators never throw and never change the value.
 */
export type Validator = (value: unknown) => ValidationIssue | undefined;

/**
 * One method of a service. `I` and `O` are the request and response message types; they exist
 * only for typing and are never read at run time.
 */
export interface MethodDescriptor<K extends MethodKind = MethodKind, I = unknown, O = unknown> {
  /** The method name as written in the interface, e.g. `shortestPath`. */
  readonly name: string;
  readonly kind: K;
  /** Checks each request message before the handler sees it. */
  readonly validateRequest?: Validator;
  /** Checks each response message before the caller sees it. */
  readonly validateResponse?: Validator;
  /** Type carrier; always `undefined` at run time. */
  readonly types?: { readonly request: I; readonly response: O };
}

/** A service: its wire name and its methods keyed by method name. */
export interface ServiceDescriptor<
  M extends Record<string, MethodDescriptor> = Record<string, MethodDescriptor>,
> {
  /** The wire name, e.g. `PathService` (or `pkg.PathService`). */
  readonly name: string;
  readonly methods: M;
}

/** The request type of a method descriptor. */
export type RequestOf<D> = D extends MethodDescriptor<MethodKind, infer I, unknown> ? I : never;
/** The response type of a method descriptor. */
export type ResponseOf<D> = D extends MethodDescriptor<MethodKind, unknown, infer O> ? O : never;

/**
 * Builds a method descriptor with its types attached. Generated code and hand-written tests
 * use it the same way: `method<PathRequest, Route>()("shortestPath", "unary", { ... })`.
 */
export function method<I, O>() {
  return <K extends MethodKind>(
    name: string,
    kind: K,
    validators: Pick<MethodDescriptor, "validateRequest" | "validateResponse"> = {},
  ): MethodDescriptor<K, I, O> => ({ name, kind, ...validators });
}

/** Builds a service descriptor, keeping the precise method types. */
export function defineService<M extends Record<string, MethodDescriptor>>(
  name: string,
  methods: M,
): ServiceDescriptor<M> {
  return { name, methods };
}
