/**
 * The closed set of status codes, named as in gRPC but spelled as lowercase strings so they
 * read the same in logs, JSON bodies and TypeScript unions.
 */
export const RpcCode = {
  Cancelled: "cancelled",
  Unknown: "unknown",
  InvalidArgument: "invalid_argument",
  DeadlineExceeded: "deadline_exceeded",
  NotFound: "not_found",
  AlreadyExists: "already_exists",
  PermissionDenied: "permission_denied",
  ResourceExhausted: "resource_exhausted",
  FailedPrecondition: "failed_precondition",
  Aborted: "aborted",
  OutOfRange: "out_of_range",
  Unimplemented: "unimplemented",
  Internal: "internal",
  Unavailable: "unavailable",
  DataLoss: "data_loss",
  Unauthenticated: "unauthenticated",
} as const;

/** One of the status codes in {@link RpcCode}. */
export type RpcCode = (typeof RpcCode)[keyof typeof RpcCode];

const knownCodes: ReadonlySet<string> = new Set(Object.values(RpcCode));

/** True when `value` is one of the status codes in {@link RpcCode}. */
export function isRpcCode(value: unknown): value is RpcCode {
  return typeof value === "string" && knownCodes.has(value);
}
