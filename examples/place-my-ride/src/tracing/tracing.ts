/**
 * Tracing for the example's processes, on with `--trace` (the demo) or `--trace-file FILE` (a
 * service): OpenTelemetry's SDK with the tracing interceptors of @rpcgen/otel, every process
 * appending its finished spans to the same file. The demo makes the file, hands it to the
 * services it starts, and prints traces from it at the end.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { context, propagation, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { tracingClientInterceptor, tracingServerInterceptor } from "@rpcgen/otel";
import type { ClientOptions, ServerOptions } from "@rpcgen/runtime";
import { readSpanFile, spanFileProcessor } from "./span-file.js";
import { traceTree } from "./trace-tree.js";

/** What a process needs to trace its calls: options for its server and its clients. */
export interface Tracing {
  /** `createServer` options: the tracing server interceptor, or none with tracing off. */
  readonly serverOptions: ServerOptions;
  /**
   * Client options for a client reaching `target` (the URL the service announced, or
   * `undefined` over stdio): the tracing client interceptor, or none with tracing off.
   */
  clientOptions(target: string | undefined): ClientOptions;
  /** Arguments that hand the trace file on to a service this process starts. */
  readonly childArgs: readonly string[];
}

const off: Tracing = { serverOptions: {}, clientOptions: () => ({}), childArgs: [] };

/**
 * Registers OpenTelemetry for this process (a context manager, so a handler's calls are
 * children of its call; W3C trace context; spans appended to `file` as `name[pid]`), or does
 * nothing when `file` is undefined.
 */
export function traceToFile(file: string | undefined, name: string): Tracing {
  if (file === undefined) return off;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({
      spanProcessors: [spanFileProcessor(file, `${name}[${process.pid}]`)],
    }),
  );
  return {
    serverOptions: { interceptors: [tracingServerInterceptor()] },
    clientOptions: (target) => ({
      interceptors: [tracingClientInterceptor(target === undefined ? {} : { target })],
    }),
    childArgs: ["--trace-file", file],
  };
}

/** The demo's tracing: a trace file of its own, root spans per booking, trees at the end. */
export interface DemoTracing extends Tracing {
  /** Runs `fn` under a new root span named `name`, ended with `fn`'s outcome. */
  root<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /**
   * The trace under the root span named `name` as an indented tree, headed by its trace id and
   * the processes it crossed; `undefined` when no span has that name.
   */
  tree(name: string): string | undefined;
  /** Removes the trace file. */
  close(): void;
}

/** Starts tracing in the demo, writing to a fresh file in the temporary directory. */
export function demoTracing(): DemoTracing {
  const dir = mkdtempSync(join(tmpdir(), "place-my-ride-trace-"));
  const file = join(dir, "spans.jsonl");
  const tracing = traceToFile(file, "demo");
  const tracer = trace.getTracer("place-my-ride");
  return {
    ...tracing,
    root: (name, fn) =>
      tracer.startActiveSpan(name, async (span) => {
        try {
          return await fn();
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      }),
    tree(name) {
      // Every span of a finished call is in the file: each process writes its span before it
      // sends the response.
      const spans = readSpanFile(file);
      const root = spans.find((span) => span.name === name && span.parentSpanId === undefined);
      if (root === undefined) return undefined;
      const inTrace = spans.filter((span) => span.traceId === root.traceId);
      const processes = new Set(inTrace.map((span) => span.process));
      return `trace ${root.traceId}: ${inTrace.length} spans in ${processes.size} processes\n${traceTree(inTrace)}`;
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
