import type { MethodDescriptor, ServiceDescriptor } from "../descriptor.js";
import { reviveDeclared } from "../errors/declared.js";
import { runInterceptors } from "../interceptors.js";
import type { Metadata } from "../metadata.js";
import type { CallOptions, ClientCallContext, ClientInterceptor } from "./call-options.js";
import { interceptedStream, mapStream, mapStreamError } from "./stream-wrappers.js";
import type { CallSpec, ClientTransport } from "./transport.js";

/**
 * The client of a service interface `S`: every method takes the interface's parameters plus
 * optional {@link CallOptions} and returns exactly what the interface returns.
 */
export type ClientOf<S> = {
  readonly [K in keyof S]: S[K] extends (...args: infer A) => infer R
    ? (...args: [...A, options?: CallOptions]) => R
    : never;
};

/** Options for {@link createClient}. */
export interface ClientOptions {
  /** Run around every call, first one outermost. */
  readonly interceptors?: readonly ClientInterceptor[];
  /**
   * Check each response with the method's decoder, and the details of each declared error
   * with its `decodeDetails`. Default true.
   */
  readonly validateResponses?: boolean;
}

/**
 * Creates a typed client for `service` over any transport. Generated code wraps this; tests
 * may call it with a hand-written descriptor.
 */
export function createClient<S>(
  service: ServiceDescriptor<S>,
  transport: ClientTransport,
  options: ClientOptions = {},
): ClientOf<S> {
  const client: Record<string, unknown> = {};
  for (const [key, method] of Object.entries(service.methods)) {
    client[key] = bindMethod(service.name, method, transport, options);
  }
  return client as ClientOf<S>;
}

type Call = (input: unknown, callOptions: CallOptions | undefined) => unknown;

function bindMethod(
  serviceName: string,
  method: MethodDescriptor,
  transport: ClientTransport,
  options: ClientOptions,
): (...args: unknown[]) => unknown {
  const call = bindCall(serviceName, method, transport, options);
  const params = method.params;
  if (params === undefined || params.length === 1) {
    return (input, callOptions) => call(input, callOptions as CallOptions | undefined);
  }
  // Not exactly one parameter: the message is an object keyed by parameter name.
  return (...args) => {
    const message: Record<string, unknown> = {};
    for (let i = 0; i < params.length; i++) {
      if (args[i] !== undefined) message[params[i]!] = args[i];
    }
    return call(message, args[params.length] as CallOptions | undefined);
  };
}

function bindCall(
  serviceName: string,
  method: MethodDescriptor,
  base: ClientTransport,
  options: ClientOptions,
): Call {
  const path = `${serviceName}/${method.name}`;
  // Only a method that declares errors pays for reviving them, and does so at the transport,
  // so its interceptors already see declared errors.
  const transport =
    method.errors === undefined
      ? base
      : revivingTransport(base, path, method, options.validateResponses !== false);
  const kind = method.kind;
  // The transport applies the decoder (CallSpec.decode) where each response arrives.
  const decode = options.validateResponses === false ? undefined : method.decodeResponse;
  const encode = method.encodeRequest;
  const single = kind === "unary" || kind === "client_stream";
  const streamingInput = kind === "client_stream" || kind === "bidi";
  const toWire =
    encode === undefined
      ? undefined
      : streamingInput
        ? (input: unknown) => mapStream(input as AsyncIterable<unknown>, encode)
        : encode;
  const interceptors = options.interceptors ?? [];
  const bare: CallSpec = {
    path,
    kind,
    metadata: undefined,
    deadline: undefined,
    signal: undefined,
    onHeaders: undefined,
    onTrailers: undefined,
    decode,
  };

  if (interceptors.length === 0) {
    if (single) {
      return (input, callOptions) => {
        const spec = callOptions === undefined ? bare : toSpec(bare, callOptions);
        return transport.unary(spec, toWire === undefined ? input : toWire(input));
      };
    }
    return (input, callOptions) => {
      const spec = callOptions === undefined ? bare : toSpec(bare, callOptions);
      return transport.stream(spec, toWire === undefined ? input : toWire(input));
    };
  }

  return (input, callOptions = {}) => {
    const spec = toSpec(bare, callOptions);
    const wire = toWire === undefined ? input : toWire(input);
    const ctx: ClientCallContext = {
      service: serviceName,
      method: method.name,
      kind,
      metadata: { ...callOptions.metadata },
      timeoutMs: spec.deadline === undefined ? undefined : spec.deadline - performance.now(),
      responseHeaders: undefined,
      trailers: undefined,
    };
    const finalSpec = (): CallSpec => ({
      ...spec,
      metadata: ctx.metadata,
      onHeaders: (headers: Metadata) => {
        ctx.responseHeaders = headers;
        callOptions.onHeaders?.(headers);
      },
      onTrailers: (trailers: Metadata) => {
        ctx.trailers = trailers;
        callOptions.onTrailers?.(trailers);
      },
    });
    if (single) {
      let result: unknown;
      return runInterceptors(interceptors, ctx, async () => {
        result = await transport.unary(finalSpec(), wire);
      }).then(() => result);
    }
    return interceptedStream(interceptors, ctx, () => transport.stream(finalSpec(), wire));
  };
}

/**
 * `transport` with the declared errors of `method` turned into their checked, typed form as
 * they arrive, whether a call fails at once or its response stream fails midway.
 */
function revivingTransport(
  transport: ClientTransport,
  path: string,
  method: MethodDescriptor,
  check: boolean,
): ClientTransport {
  const revive = (error: unknown): never => {
    throw reviveDeclared(path, method, error, check);
  };
  return {
    unary: (spec, input) => transport.unary(spec, input).then(undefined, revive),
    stream: (spec, input) => mapStreamError(transport.stream(spec, input), revive),
    close: () => transport.close(),
  };
}

function toSpec(bare: CallSpec, options: CallOptions): CallSpec {
  let deadline: number | undefined;
  if (options.timeoutMs !== undefined) deadline = performance.now() + options.timeoutMs;
  if (options.deadline !== undefined) {
    const fromDeadline = performance.now() + (options.deadline - Date.now());
    deadline = deadline === undefined ? fromDeadline : Math.min(deadline, fromDeadline);
  }
  return {
    path: bare.path,
    kind: bare.kind,
    metadata: options.metadata,
    deadline,
    signal: options.signal,
    onHeaders: options.onHeaders,
    onTrailers: options.onTrailers,
    decode: bare.decode,
  };
}
