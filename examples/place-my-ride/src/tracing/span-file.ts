/**
 * Finished spans as JSON lines in one file that every process of the demo appends to: each
 * span is one `write` on a file opened for appending, so lines from different processes never
 * interleave, and a span is in the file before the call's response leaves its process.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { type HrTime, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace-base";

/** One finished span, as plain JSON. */
export interface SpanRecord {
  /** The process that made it, e.g. `ride-service[4242]`. */
  readonly process: string;
  readonly name: string;
  readonly kind: "internal" | "server" | "client" | "producer" | "consumer";
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly status: { readonly code: "unset" | "ok" | "error"; readonly message?: string };
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Start, in epoch milliseconds: the processes share one clock, so starts order siblings. */
  readonly startMs: number;
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

/** The JSON form of a finished span made by `process`. */
export function spanRecord(process: string, span: ReadableSpan): SpanRecord {
  const context = span.spanContext();
  const code = statuses[span.status.code];
  const message = span.status.message;
  return {
    process,
    name: span.name,
    kind: kinds[span.kind],
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    status: message === undefined ? { code } : { code, message },
    attributes: { ...span.attributes },
    startMs: toMs(span.startTime),
    durationMs: toMs(span.duration),
  };
}

/** A span processor that appends each span to `file` as it ends. */
export function spanFileProcessor(file: string, process: string): SpanProcessor {
  return {
    onStart() {},
    onEnd(span) {
      appendFileSync(file, `${JSON.stringify(spanRecord(process, span))}\n`);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}

/** The spans in a file {@link spanFileProcessor} wrote (none when nothing was written yet). */
export function readSpanFile(file: string): SpanRecord[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as SpanRecord);
}
