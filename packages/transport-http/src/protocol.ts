import { type CodecName, type Metadata, RpcCode } from "@rpcgen/runtime";

/**
 * The HTTP mapping shared by the client and the server (docs/http.md). Browser-safe: no
 * `node:` imports.
 */

/**
 * Why `client_stream` and `bidi` methods are refused over plain HTTP: a request body cannot
 * carry a stream of messages that interleaves with the response on every client (browsers'
 * fetch buffers it). Such calls fail with `unimplemented` and exactly this message.
 */
export const streamingInputUnsupported =
  "client streams and bidi need a stream transport such as WebSocket";

/** Request header carrying the call's remaining time budget, in whole milliseconds. */
export const timeoutHeader = "rpc-timeout-ms";

/** Prefix of the response headers that carry a unary call's trailers. */
export const trailerPrefix = "rpc-trailer-";

/** Body types of unary requests and responses, per codec. */
export const unaryContentTypes: { readonly [K in CodecName]: string } = {
  json: "application/json",
  msgpack: "application/msgpack",
};

/** Body types of server-stream responses, per codec. */
export const streamContentTypes: { readonly [K in CodecName]: string } = {
  json: "application/x-ndjson",
  msgpack: "application/vnd.rpcgen.msgpack-stream",
};

/** The codec a `content-type` names (parameters such as `charset` ignored), if any. */
export function codecOfContentType(contentType: string | null | undefined): CodecName | undefined {
  if (contentType == null) return undefined;
  // What rpcgen's clients send, spelled exactly: no need to take it apart.
  if (contentType === "application/msgpack") return "msgpack";
  if (contentType === "application/json") return "json";
  const semicolon = contentType.indexOf(";");
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon))
    .trim()
    .toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/msgpack" || type === "application/x-msgpack") return "msgpack";
  return undefined;
}

/**
 * HTTP-level headers that are never metadata, in either direction: they describe the
 * message, the connection or the browser, not the call. Keys starting with `rpc-`,
 * `access-control-`, `sec-`, `proxy-` and `x-forwarded-` are excluded as well.
 */
const httpHeaders: ReadonlySet<string> = new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "cache-control",
  "connection",
  "content-encoding",
  "content-language",
  "content-length",
  "content-type",
  "date",
  "expect",
  "forwarded",
  "host",
  "keep-alive",
  "origin",
  "pragma",
  "priority",
  "referer",
  "server",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "vary",
  "via",
  "x-powered-by",
]);

const excludedPrefixes = ["rpc-", "access-control-", "sec-", "proxy-", "x-forwarded-"];

/** True when a (lowercase) header name can carry metadata, headers or trailers. */
export function isMetadataHeader(name: string): boolean {
  if (httpHeaders.has(name)) return false;
  for (const prefix of excludedPrefixes) if (name.startsWith(prefix)) return false;
  return true;
}

/** gRPC code to HTTP status, as in Connect's table (429 for limits; 413 is set per case). */
const statusOfCode: { readonly [K in RpcCode]: number } = {
  cancelled: 499,
  unknown: 500,
  invalid_argument: 400,
  deadline_exceeded: 504,
  not_found: 404,
  already_exists: 409,
  permission_denied: 403,
  resource_exhausted: 429,
  failed_precondition: 400,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 404,
  internal: 500,
  unavailable: 503,
  data_loss: 500,
  unauthenticated: 401,
};

/** The HTTP status an error with `code` is sent with. */
export function httpStatusOf(code: RpcCode): number {
  return statusOfCode[code];
}

/**
 * The code for an HTTP error whose body is not an rpcgen error (a proxy's 502, an HTML error
 * page), following gRPC's HTTP-to-code mapping: the status says little about the call, so
 * only statuses with a clear meaning get a specific code.
 */
export function codeOfHttpStatus(status: number): RpcCode {
  switch (status) {
    case 400:
      return RpcCode.Internal;
    case 401:
      return RpcCode.Unauthenticated;
    case 403:
      return RpcCode.PermissionDenied;
    case 404:
      return RpcCode.Unimplemented;
    case 408:
    case 504:
      return RpcCode.DeadlineExceeded;
    case 413:
      return RpcCode.ResourceExhausted;
    case 429:
    case 502:
    case 503:
      return RpcCode.Unavailable;
    default:
      return RpcCode.Unknown;
  }
}

/** One record of a server-stream response body, before encoding with the call's codec. */
export type StreamRecord =
  | { readonly message: unknown }
  | { readonly end: true; readonly error?: unknown; readonly trailers?: Metadata };
