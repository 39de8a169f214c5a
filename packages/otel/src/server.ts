import { type Attributes, context, ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import { type CallContext, RpcCode, RpcError, type ServerInterceptor } from "@rpcgen/runtime";
import { metadataGetter } from "./metadata-carrier.js";
import { resolveOptions, type TracingOptions } from "./options.js";
import { endSpan } from "./record.js";
import { peerAttributes } from "./semconv.js";
import { SpanTemplates } from "./span-templates.js";

/** Options of {@link tracingServerInterceptor}. */
export type ServerTracingOptions = TracingOptions;

/**
 * A server interceptor that makes a SERVER span per call, a child of the client's span when
 * the call's metadata carries a trace context, and runs the handler with that span active:
 * with a context manager registered (`AsyncLocalStorageContextManager`), the calls the handler
 * makes through a traced client become its children. The span ends when the handler's result
 * or response stream is done. A response stream cancelled or past its deadline meanwhile ends
 * the span with that code even when the handler returned normally, as does a single response
 * past its deadline (a client's cancel of a single response is seen only by a handler that
 * heeds `ctx.signal`).
 *
 * Calls refused before any interceptor runs (unknown method, admission limits) get no server
 * span; the client's span records their code. A request that fails validation is decoded
 * inside the interceptors, so its span ends `invalid_argument`.
 *
 * @example
 * const server = createServer({ interceptors: [tracingServerInterceptor()] });
 */
export function tracingServerInterceptor(options: ServerTracingOptions = {}): ServerInterceptor {
  const { tracer, propagator, conventions, filter } = resolveOptions(options);
  const templates = new SpanTemplates(SpanKind.SERVER, conventions, {});
  // The calls of one connection come in runs from the same peer: parse it once per run.
  let lastPeer: string | undefined;
  let lastPeerAttributes: Attributes = {};
  return async (ctx, next) => {
    if (filter !== undefined && !filter(ctx)) return next();
    // The caller's context, not this process's: a server span's parent is the remote client's.
    const parent = propagator.extract(ROOT_CONTEXT, ctx.metadata, metadataGetter);
    const template = templates.get(ctx.service, ctx.method);
    const span = tracer.startSpan(template.name, template.options, parent);
    const recording = span.isRecording();
    if (recording) {
      if (ctx.peer !== lastPeer) {
        lastPeer = ctx.peer;
        lastPeerAttributes = peerAttributes(ctx.peer);
      }
      span.setAttributes(lastPeerAttributes);
    }
    try {
      await context.with(trace.setSpan(parent, span), next);
    } catch (error) {
      endSpan(span, "server", conventions, error);
      throw error;
    }
    endSpan(span, "server", conventions, recording ? abortedBy(ctx) : undefined);
  };
}

/**
 * Why a call whose handler finished normally ended anyway, if it did: a response stream stops
 * when the client cancels or the deadline passes, and the handler returns without an error.
 * For a single response only the deadline is checked: asking for `ctx.signal` would make an
 * AbortController for every call, which the runtime makes only on a handler's demand.
 */
function abortedBy(ctx: CallContext): unknown {
  if (ctx.kind === "server_stream" || ctx.kind === "bidi") {
    return ctx.signal.aborted ? (ctx.signal.reason ?? "aborted") : undefined;
  }
  const deadline = ctx.deadline;
  return deadline !== undefined && Date.now() >= deadline
    ? new RpcError(RpcCode.DeadlineExceeded, "the call exceeded its deadline")
    : undefined;
}
