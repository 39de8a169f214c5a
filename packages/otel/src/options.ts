import {
  propagation,
  type TextMapPropagator,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import type { MethodKind } from "@rpcgen/runtime";
import { type Conventions, conventionsFromEnv } from "./conventions.js";

/** The call a {@link TracingOptions.filter} decides on. */
export interface TracedCall {
  /** Wire name of the service. */
  readonly service: string;
  /** Method name. */
  readonly method: string;
  readonly kind: MethodKind;
}

/** Options both tracing interceptors take. */
export interface TracingOptions {
  /** Where spans are made. Default: the global tracer provider (`trace.getTracerProvider()`). */
  readonly tracerProvider?: TracerProvider;
  /**
   * Writes and reads the trace context in the call's metadata. Default: the global propagator
   * (`propagation`), which the OpenTelemetry SDKs set to W3C Trace Context (`traceparent`,
   * `tracestate`) and baggage.
   */
  readonly propagator?: TextMapPropagator;
  /**
   * The version of the RPC semantic conventions to follow. Default: read from
   * `OTEL_SEMCONV_STABILITY_OPT_IN` (`rpc` for stable, `rpc/dup` for both), else experimental.
   */
  readonly conventions?: Conventions;
  /** Return false to leave a call untraced (health checks, say). Default: trace every call. */
  readonly filter?: (call: TracedCall) => boolean;
}

/** The options with their defaults resolved, once per interceptor. */
export interface ResolvedOptions {
  readonly tracer: Tracer;
  readonly propagator: TextMapPropagator;
  readonly conventions: Conventions;
  readonly filter: ((call: TracedCall) => boolean) | undefined;
}

/** The name the tracer reports as its instrumentation scope. */
const scopeName = "@rpcgen/otel";

/**
 * Resolves the defaults. The global provider and propagator are proxies that follow later
 * registrations, so interceptors made before the SDK is set up still reach it.
 */
export function resolveOptions(options: TracingOptions): ResolvedOptions {
  const provider = options.tracerProvider ?? trace.getTracerProvider();
  return {
    tracer: provider.getTracer(scopeName),
    propagator: options.propagator ?? propagation,
    conventions: options.conventions ?? conventionsFromEnv(),
    filter: options.filter,
  };
}
