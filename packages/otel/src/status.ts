import { SpanStatusCode } from "@opentelemetry/api";
import type { RpcCode } from "@rpcgen/runtime";

/**
 * Which codes mark a span as failed. A client treats every code but `ok` as an error: the call
 * did not do what was asked. A server treats only the codes that are its own fault as errors,
 * as the OpenTelemetry RPC conventions do for gRPC: `not_found` or `invalid_argument` is the
 * caller's problem and leaves the server span's status unset.
 */
const serverErrors: { readonly [K in RpcCode]: boolean } = {
  cancelled: false,
  unknown: true,
  invalid_argument: false,
  deadline_exceeded: true,
  not_found: false,
  already_exists: false,
  permission_denied: false,
  resource_exhausted: false,
  failed_precondition: false,
  aborted: false,
  out_of_range: false,
  unimplemented: true,
  internal: true,
  unavailable: true,
  data_loss: true,
  unauthenticated: false,
};

/** The span status for a call that ended with `code`, seen from `side`. */
export function spanStatusOf(side: "client" | "server", code: RpcCode): SpanStatusCode {
  if (side === "client" || serverErrors[code]) return SpanStatusCode.ERROR;
  return SpanStatusCode.UNSET;
}
