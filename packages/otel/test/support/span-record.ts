/**
 * Finished spans as JSON lines, the form in which each process of a test hands its spans to
 * the test: the server processes append one line per span to a file as the span ends, the
 * test reads them back.
 */
import { appendFileSync, readFileSync, watch } from "node:fs";
import { type HrTime, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace-base";

/** One finished span, as plain JSON. */
export interface SpanRecord {
  /** Which process made it. */
  readonly process: string;
  readonly name: string;
  readonly kind: "internal" | "server" | "client" | "producer" | "consumer";
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly status: { readonly code: "unset" | "ok" | "error"; readonly message?: string };
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: readonly { readonly name: string; readonly attributes: object }[];
  readonly durationMs: number;
}

const kinds = {
  [SpanKind.INTERNAL]: "internal",
  [SpanKind.SERVER]: "server",
  [SpanKind.CLIENT]: "client",
  [SpanKind.PRODUCER]: "producer",
  [SpanKind.CONSUMER]: "consumer",
} as const;

const statuses = {
  [SpanStatusCode.UNSET]: "unset",
  [SpanStatusCode.OK]: "ok",
  [SpanStatusCode.ERROR]: "error",
} as const;

const toMs = ([seconds, nanos]: HrTime): number => seconds * 1000 + nanos / 1e6;

/** The JSON form of a finished span. */
export function spanRecord(process: string, span: ReadableSpan): SpanRecord {
  const context = span.spanContext();
  const message = span.status.message;
  return {
    process,
    name: span.name,
    kind: kinds[span.kind],
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    status:
      message === undefined
        ? { code: statuses[span.status.code] }
        : { code: statuses[span.status.code], message },
    attributes: { ...span.attributes },
    events: span.events.map((event) => ({ name: event.name, attributes: { ...event.attributes } })),
    durationMs: toMs(span.duration),
  };
}

/**
 * A span processor that appends each span to `file` as it ends, before the call's response
 * leaves the server: once a call has returned, its server spans are in the file.
 */
export function jsonLinesProcessor(file: string, process: string): SpanProcessor {
  return {
    onStart() {},
    onEnd(span) {
      appendFileSync(file, `${JSON.stringify(spanRecord(process, span))}\n`);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}

/** The spans in a JSON-lines file. */
export function readSpans(file: string): SpanRecord[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as SpanRecord);
}

/**
 * Waits until `file` holds spans that `done` accepts, re-reading on every change to the file
 * (for spans that end after the call returned, as a server's span of a cancelled stream).
 */
export async function waitForSpans(
  file: string,
  done: (spans: SpanRecord[]) => boolean,
): Promise<SpanRecord[]> {
  const watcher = watch(file);
  try {
    for (;;) {
      const spans = readSpans(file);
      if (done(spans)) return spans;
      await new Promise((resolve) => watcher.once("change", resolve));
    }
  } finally {
    watcher.close();
  }
}
