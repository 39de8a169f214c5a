import type { Readable } from "node:stream";
import {
  type CallOptions,
  type ClientTransport,
  createClient,
  type MethodDescriptor,
  RpcCode,
  RpcError,
  type ServiceDescriptor,
} from "@rpcgen/runtime";
import type { Method } from "../ir/schema.js";
import { signature } from "./describe.js";
import { type InputSource, readJson, readJsonLines } from "./input.js";
import { jsonText, type OutputFormat } from "./json-text.js";
import { CallProblem, type ServiceSchema } from "./schema-source.js";

/** One call to make: where, what, with which input and options, and where output goes. */
export interface Invocation {
  readonly transport: ClientTransport;
  readonly target: ServiceSchema;
  /** The descriptor compiled from the target's schema. */
  readonly descriptor: ServiceDescriptor;
  readonly method: string;
  /** The input argument; absent: none for a method without parameters, else stdin for streams. */
  readonly input: InputSource | undefined;
  readonly options: CallOptions;
  readonly format: OutputFormat;
  readonly stdin: Readable;
  /** Receives each printed value, one per call (a line with `json`). */
  readonly print: (text: string) => void;
}

/**
 * Makes the call: reads and checks the input with the method's generated decoder (a mistake is
 * reported with its path and nothing is sent), calls, and prints the result, or each streamed
 * item as it arrives. Rejects with the call's `RpcError` or a {@link CallProblem}.
 */
export async function invoke(call: Invocation): Promise<void> {
  const { service } = call.target;
  const method = service.methods.find((m) => m.name === call.method);
  const entry = Object.entries(call.descriptor.methods).find(([, m]) => m.name === call.method);
  if (method === undefined || entry === undefined) {
    const names = service.methods.map((m) => m.name).join(", ") || "none";
    throw new CallProblem(`${service.name} has no method ${call.method}; its methods: ${names}`);
  }
  const [key, descriptor] = entry;
  const client = createClient(call.descriptor, call.transport) as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const invokeWith = (args: readonly unknown[]) => client[key]!(...args, call.options);
  const streamsIn = method.kind === "client_stream" || method.kind === "bidi";
  const args = streamsIn
    ? [requestStream(call, descriptor)]
    : argumentsOf(method, decodeLocally(descriptor, await requestMessage(call, method), ""));

  if (method.kind === "unary" || method.kind === "client_stream") {
    const result = await (invokeWith(args) as Promise<unknown>);
    // A method returning Promise<void> prints nothing, as a shell command with no output.
    if (result !== undefined || method.response.kind !== "undefined") {
      call.print(jsonText(result, call.format));
    }
    return;
  }
  for await (const item of invokeWith(args) as AsyncIterable<unknown>) {
    call.print(jsonText(item, call.format));
  }
}

/** The request message as JSON: the input, or `{}` for a method that needs none. */
async function requestMessage(call: Invocation, method: Method): Promise<unknown> {
  if (call.input !== undefined) return readJson(call.input, call.stdin);
  if (method.params.every((p) => p.optional)) {
    return method.params.length === 1 ? undefined : {};
  }
  const message =
    method.params.length === 1
      ? `the ${method.params[0]!.name} argument`
      : `an object with ${method.params.map((p) => p.name).join(", ")}`;
  throw new CallProblem(
    `${call.target.service.name}.${method.name} needs a request: ${message} as JSON, @file or - ` +
      `for stdin (${signature(method)})`,
  );
}

/** The arguments the generated client takes, from the request message. */
function argumentsOf(method: Method, message: unknown): unknown[] {
  if (method.params.length === 1) return [message];
  const fields = (message ?? {}) as Record<string, unknown>;
  return method.params.map((p) => fields[p.name]);
}

/** One JSON message per input line, each checked as it is read; a bad line fails the call. */
async function* requestStream(
  call: Invocation,
  descriptor: MethodDescriptor,
): AsyncGenerator<unknown> {
  for await (const { value, line } of readJsonLines(call.input ?? { kind: "stdin" }, call.stdin)) {
    yield decodeLocally(descriptor, value, `line ${line}: `);
  }
}

/**
 * The message checked and converted by the method's generated decoder, as the server would:
 * Dates from ISO strings, bigints from decimal strings, bytes from base64, Maps from pairs.
 */
function decodeLocally(descriptor: MethodDescriptor, value: unknown, prefix: string): unknown {
  if (descriptor.decodeRequest === undefined) return value;
  try {
    return descriptor.decodeRequest(value);
  } catch (error) {
    if (!(error instanceof RpcError)) throw error;
    const outcome = prefix === "" ? "nothing was sent" : "the call was cancelled";
    throw new RpcError(
      RpcCode.InvalidArgument,
      `${prefix}${error.message} (checked before sending; ${outcome})`,
    );
  }
}
