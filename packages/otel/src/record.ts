import { type Attributes, type Span, SpanStatusCode } from "@opentelemetry/api";
import { RpcError } from "@rpcgen/runtime";
import type { Conventions } from "./conventions.js";
import { statusAttributes } from "./semconv.js";
import { spanStatusOf } from "./status.js";

/**
 * Ends `span` with the call's outcome: `error` undefined is success. A failure sets the status
 * attribute to its code; where the code counts as an error for `side` it also records the
 * exception and marks the span failed with the error's message. A server records what the
 * handler threw as it is (the client only sees `internal error` for anything but an
 * `RpcError`, but the span stays in the server's own telemetry).
 */
export function endSpan(
  span: Span,
  side: "client" | "server",
  conventions: Conventions,
  error: unknown,
): void {
  if (!span.isRecording()) {
    // Not sampled, or no SDK: nothing would keep the attributes.
    span.end();
    return;
  }
  if (error === undefined) {
    span.setAttributes(okAttributes[conventions]);
    span.end();
    return;
  }
  const rpcError = RpcError.from(error);
  const status = spanStatusOf(side, rpcError.code);
  const failed = status === SpanStatusCode.ERROR;
  span.setAttributes(statusAttributes(conventions, rpcError.code, failed));
  if (failed) {
    const recorded = error instanceof Error ? error : rpcError;
    span.recordException(recorded);
    span.setStatus({ code: status, message: recorded.message });
  }
  span.end();
}

/** The attributes of a call that succeeded, once per version of the conventions. */
const okAttributes: { readonly [C in Conventions]: Attributes } = {
  experimental: statusAttributes("experimental", undefined, false),
  stable: statusAttributes("stable", undefined, false),
  both: statusAttributes("both", undefined, false),
};
