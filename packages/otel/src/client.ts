import { context, SpanKind, trace } from "@opentelemetry/api";
import type { ClientInterceptor } from "@rpcgen/runtime";
import { metadataSetter } from "./metadata-carrier.js";
import { resolveOptions, type TracingOptions } from "./options.js";
import { endSpan } from "./record.js";
import { targetAttributes } from "./semconv.js";
import { SpanTemplates } from "./span-templates.js";

/** Options of {@link tracingClientInterceptor}. */
export interface ClientTracingOptions extends TracingOptions {
  /**
   * The URL the client's transport connects to, as its listener printed it
   * (`tcp://127.0.0.1:7000`, `http://api.example.com`, `unix:/run/app.sock`, `stdio:<command>`):
   * recorded as `server.address`, `server.port` and `network.transport`. A transport is one
   * interceptor's business only through its client, so the interceptor is told rather than
   * asking the transport. Throws at once on a URL of another form.
   */
  readonly target?: string;
}

/**
 * A client interceptor that makes a CLIENT span per call, a child of the span active where the
 * call is made, and writes the trace context into the call's metadata so the server's span
 * joins the same trace. The span ends when the call does: for a response stream, when it has
 * been read to its end, failed, or was left early (`cancelled`).
 *
 * @example
 * const client = createPathServiceClient(transport, {
 *   interceptors: [tracingClientInterceptor({ target: "tcp://127.0.0.1:7000" })],
 * });
 */
export function tracingClientInterceptor(options: ClientTracingOptions = {}): ClientInterceptor {
  const { tracer, propagator, conventions, filter } = resolveOptions(options);
  const target = options.target === undefined ? {} : targetAttributes(options.target);
  const templates = new SpanTemplates(SpanKind.CLIENT, conventions, target);
  return async (ctx, next) => {
    if (filter !== undefined && !filter(ctx)) return next();
    const parent = context.active();
    const template = templates.get(ctx.service, ctx.method);
    const span = tracer.startSpan(template.name, template.options, parent);
    const active = trace.setSpan(parent, span);
    // Also when the span is not recorded: the context still says whether the trace is sampled.
    propagator.inject(active, ctx.metadata, metadataSetter);
    try {
      await context.with(active, next);
    } catch (error) {
      endSpan(span, "client", conventions, error);
      throw error;
    }
    endSpan(span, "client", conventions, undefined);
  };
}
