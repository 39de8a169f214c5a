/**
 * @rpcgen/otel: OpenTelemetry tracing for rpcgen as a client and a server interceptor. Each
 * call becomes a span after the RPC semantic conventions, and the trace context travels in the
 * call's metadata, so one trace follows a request through every service it reaches.
 */
export { type ClientTracingOptions, tracingClientInterceptor } from "./client.js";
export type { Conventions } from "./conventions.js";
export type { TracedCall, TracingOptions } from "./options.js";
export { rpcSystem } from "./semconv.js";
export { type ServerTracingOptions, tracingServerInterceptor } from "./server.js";
