import type { ServiceDescriptor } from "../descriptor.js";
import { RpcCode } from "../errors/code.js";
import { checkRaised } from "../errors/declared.js";
import { RpcError } from "../errors/rpc-error.js";
import { runInterceptors } from "../interceptors.js";
import type { CallContext, ServerInterceptor } from "./handlers.js";
import type { Route } from "./route.js";
import type { ServerCall } from "./server-call.js";

/** What running a call needs from the server, whatever carries the call. */
export interface CallRunnerCore {
  readonly routes: ReadonlyMap<string, Route>;
  readonly services: ReadonlyMap<string, ServiceDescriptor>;
  readonly interceptors: readonly ServerInterceptor[];
  /**
   * A handler threw something that is not an `RpcError`, or raised a declared error its method
   * does not declare or with details that fail their check: log it; the client sees
   * `internal`.
   */
  reportError(error: unknown, ctx: CallContext): void;
}

/**
 * Where a running call's response goes: frames on a session, or an HTTP response. Sending
 * methods throw when the response cannot be sent (too large, unencodable); the runner then
 * ends the call with that error.
 */
export interface CallOutput {
  /** Takes room for one more stream message; false when the receiver is behind. */
  take(call: ServerCall): boolean;
  /** Resolves when room may be available again, or the call has ended. */
  room(call: ServerCall): Promise<void>;
  /** Sends one response-stream message (already encoded by the method's encoder). */
  message(call: ServerCall, item: unknown): void;
  /**
   * Sends several messages at once, credit for each already taken: a session packs them into
   * one frame. Outputs without it get {@link CallOutput.message} per item.
   */
  messages?(call: ServerCall, items: unknown[]): void;
  /** Sends the single response of a unary or client-stream call and ends it. */
  result(call: ServerCall, value: unknown): void;
  /** Ends the call and tells the client: `undefined` is the good end of a response stream. */
  end(call: ServerCall, error: RpcError | undefined): void;
}

/**
 * Finds the route for a wire path, or explains why there is none. The path is echoed in the
 * error, so it is cut short enough for any peer's limit.
 */
export function findRoute(core: CallRunnerCore, path: string): Route | RpcError {
  const route = core.routes.get(path);
  if (route !== undefined) return route;
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  const service = shown.slice(0, Math.max(0, shown.lastIndexOf("/")));
  return new RpcError(
    RpcCode.Unimplemented,
    core.services.has(service) ? `unknown method ${shown}` : `unknown service ${service}`,
  );
}

/** The error a call's own deadline timer ends it with. */
export function deadlineError(timeoutMs: number): RpcError {
  return new RpcError(
    RpcCode.DeadlineExceeded,
    `the call exceeded its deadline of ${timeoutMs} ms`,
  );
}

/**
 * Runs one admitted call: runs the interceptors around decoding the request (unless it streams
 * in) and the handler, streams or sends the response through `output`, and ends the call once.
 * Shared by every server-side carrier, so validation, interceptors, error mapping and
 * backpressure behave the same on sessions and on HTTP.
 *
 * A unary call with no interceptors whose handler returns a plain value is answered before
 * this returns, with no promise: the request, the result and the call are garbage by the time
 * the next frame is read, instead of staying alive until a microtask resumes each call.
 */
export function runCall(
  core: CallRunnerCore,
  call: ServerCall,
  payload: unknown,
  output: CallOutput,
): void | Promise<void> {
  if (core.interceptors.length > 0 || call.route.method.kind !== "unary") {
    return runAwaited(core, call, payload, output);
  }
  let produced: unknown;
  try {
    produced = call.route.handler(requestOf(call, payload), call);
  } catch (error) {
    fail(core, call, error, output);
    return;
  }
  if (isThenable(produced)) return awaitResult(core, call, produced, output);
  call.result = produced;
  sendResult(core, call, output);
}

/** The rest of a unary call whose handler returned a promise. */
async function awaitResult(
  core: CallRunnerCore,
  call: ServerCall,
  produced: PromiseLike<unknown>,
  output: CallOutput,
): Promise<void> {
  try {
    call.result = await produced;
  } catch (error) {
    fail(core, call, error, output);
    return;
  }
  sendResult(core, call, output);
}

/** Sends a unary or client-stream result, unless the call already ended (cancelled, timed out). */
function sendResult(core: CallRunnerCore, call: ServerCall, output: CallOutput): void {
  if (call.done) return;
  try {
    const encodeResponse = call.route.method.encodeResponse;
    output.result(call, encodeResponse === undefined ? call.result : encodeResponse(call.result));
  } catch (error) {
    fail(core, call, error, output);
  }
}

/**
 * Every call the same-turn path above does not take: one with interceptors, or one whose
 * request or response streams. The handler step is awaited.
 */
async function runAwaited(
  core: CallRunnerCore,
  call: ServerCall,
  payload: unknown,
  output: CallOutput,
): Promise<void> {
  const { method } = call.route;
  try {
    // The request is decoded inside the interceptors, so an auth interceptor refuses a caller
    // before validation can tell it anything about the method's types, and a tracing one sees
    // invalid_argument like any other outcome.
    const streamsOut = method.kind === "server_stream" || method.kind === "bidi";
    const invoke = streamsOut
      ? () => streamOut(call, requestOf(call, payload), output)
      : async () => {
          call.result = await call.route.handler(requestOf(call, payload), call);
        };
    const interceptors = core.interceptors;
    if (interceptors.length === 0) await invoke();
    else await runInterceptors(interceptors, call as CallContext, invoke);
    if (call.done) return;
    if (streamsOut) {
      output.end(call, undefined);
      return;
    }
  } catch (error) {
    fail(core, call, error, output);
    return;
  }
  sendResult(core, call, output);
}

/** Ends a call with what its handler, decoder or interceptors threw. */
function fail(core: CallRunnerCore, call: ServerCall, error: unknown, output: CallOutput): void {
  if (call.done) return;
  if (!(error instanceof RpcError)) {
    core.reportError(error, call);
    output.end(call, RpcError.from(error));
  } else {
    // Only declared errors are checked: every other RpcError (auth, limits, hand-raised
    // codes) passes through as it was thrown.
    output.end(call, error.type === undefined ? error : declaredOnWire(core, call, error));
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * The wire form of a declared error a handler or interceptor raised, or `internal` (reported
 * to the server) when it fails the method's declaration.
 */
function declaredOnWire(core: CallRunnerCore, call: ServerCall, error: RpcError): RpcError {
  return checkRaised(`${call.service}/${call.method}`, call.route.method, error, (failure) =>
    core.reportError(failure, call),
  );
}

/** The handler's argument: the inbound stream, or the payload decoded by the method's decoder. */
function requestOf(call: ServerCall, payload: unknown): unknown {
  if (call.inbound !== undefined) return call.inbound;
  const decode = call.route.method.decodeRequest;
  return decode === undefined ? payload : decodeOrThrow(decode, payload);
}

async function streamOut(call: ServerCall, input: unknown, output: CallOutput): Promise<void> {
  const produced: unknown = call.route.handler(input, call);
  if (typeof produced === "object" && produced !== null) {
    if (Symbol.asyncIterator in produced) {
      return sendAsync(call, (produced as AsyncIterable<unknown>)[Symbol.asyncIterator](), output);
    }
    if (Symbol.iterator in produced) {
      return sendSync(call, (produced as Iterable<unknown>)[Symbol.iterator](), output);
    }
  }
  throw new Error(
    `handler of ${call.service}/${call.method} did not return an AsyncIterable or an Iterable`,
  );
}

async function sendAsync(
  call: ServerCall,
  iterator: AsyncIterator<unknown>,
  output: CallOutput,
): Promise<void> {
  const encode = call.route.method.encodeResponse;
  try {
    for (;;) {
      const step = await iterator.next();
      if (call.done || step.done === true) return;
      while (!output.take(call)) {
        await output.room(call);
        if (call.done) return;
      }
      output.message(call, encode === undefined ? step.value : encode(step.value));
    }
  } finally {
    if (call.done) void iterator.return?.()?.catch(() => {});
  }
}

/** Most items a sync handler's stream packs into one MESSAGE frame. */
const maxBatchItems = 64;

/**
 * A sync iterable (a `function*` handler) is drained without a promise per item, and the
 * items at hand (up to the receiver's credit and {@link maxBatchItems}) leave together in one
 * frame where the output can batch. Only when credit runs out does the loop wait, which is also
 * where a cancel is noticed.
 */
async function sendSync(
  call: ServerCall,
  iterator: Iterator<unknown>,
  output: CallOutput,
): Promise<void> {
  const encode = call.route.method.encodeResponse;
  const batch: unknown[] = [];
  const send = (): void => {
    if (batch.length === 1) output.message(call, batch[0]);
    else if (batch.length > 1) output.messages!(call, batch.slice());
    batch.length = 0;
  };
  let finished = false;
  try {
    while (!finished) {
      while (!output.take(call)) {
        await output.room(call);
        if (call.done) return;
      }
      // Each item is produced only once its credit is taken, so none waits in `batch` for room.
      try {
        for (;;) {
          const step = iterator.next();
          if (call.done) return;
          if (step.done === true) {
            finished = true;
            break;
          }
          batch.push(encode === undefined ? step.value : encode(step.value));
          if (batch.length === maxBatchItems || output.messages === undefined) break;
          if (!output.take(call)) break;
        }
      } catch (error) {
        // What the handler produced before it threw still reaches the client, then the error.
        if (!call.done) send();
        throw error;
      }
      send();
    }
  } finally {
    if (call.done) iterator.return?.();
  }
}

/** A decoder's failure is the caller's: anything but an RpcError becomes invalid_argument. */
function decodeOrThrow(decode: (value: unknown) => unknown, payload: unknown): unknown {
  try {
    return decode(payload);
  } catch (error) {
    throw RpcError.from(error, RpcCode.InvalidArgument);
  }
}
