import {
  type CallSpec,
  type ClientTransport,
  type Codec,
  type CodecName,
  decodeResponse,
  defaultLimits,
  isPlainObject,
  isRpcCode,
  jsonCodec,
  type Metadata,
  msgpackCodec,
  RpcCode,
  RpcError,
  type SessionLimits,
} from "@rpcgen/runtime";
import {
  codecOfContentType,
  codeOfHttpStatus,
  isMetadataHeader,
  streamContentTypes,
  timeoutHeader,
  trailerPrefix,
  unaryContentTypes,
} from "../protocol.js";
import { malformed } from "./body.js";

/**
 * The client half of the HTTP mapping (docs/http.md), shared by the fetch client and the
 * node:http client so that both build the same requests and read responses the same way:
 * only moving bytes differs between them. Browser-safe: no `node:` imports.
 */

/** Options every HTTP client takes. */
export interface HttpClientOptions {
  /** `"msgpack"` (default, compact and exact) or `"json"` (readable in devtools). */
  readonly codec?: CodecName;
  /** Headers sent with every call, e.g. an API key; call metadata with the same name wins. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `maxFrameBytes` bounds each request body, each response body (unary) and each stream
   * record; a call whose request or response is larger fails alone with `resource_exhausted`
   * (an oversized request is refused before anything is sent). Other limits do not apply.
   */
  readonly limits?: Partial<Pick<SessionLimits, "maxFrameBytes">>;
}

/** A {@link ClientTransport} over HTTP requests. */
export interface HttpTransport extends ClientTransport {
  /** The base URL calls go to: `<url>/<Service>/<method>`. */
  readonly url: string;
}

/** Request and response headers as plain objects, the shape node:http uses. */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What a client fixes at construction: codec, limit and the headers every call sends. */
export class ClientMapping {
  /** The base URL without trailing slashes. */
  readonly url: string;
  readonly codec: Codec;
  readonly codecName: CodecName;
  readonly maxBytes: number;
  readonly #contentType: string;
  readonly #streamType: string;
  /** The `headers` option, lowercase, without the names the mapping sets; undefined if empty. */
  readonly #base: Readonly<Record<string, string>> | undefined;
  /** {@link #base} as `[name, value, ...]`, for {@link headerList}. */
  readonly #baseList: readonly string[];

  constructor(baseUrl: string | URL, options: HttpClientOptions) {
    this.url = String(baseUrl).replace(/\/+$/, "");
    checkBaseUrl(this.url);
    this.codecName = options.codec ?? "msgpack";
    this.codec = codecFor(this.codecName);
    this.maxBytes = options.limits?.maxFrameBytes ?? defaultLimits.maxFrameBytes;
    this.#contentType = unaryContentTypes[this.codecName];
    this.#streamType = streamContentTypes[this.codecName];
    let base: Record<string, string> | undefined;
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      const problem = headerProblem(name, value);
      if (problem !== undefined) {
        throw new RpcError(RpcCode.InvalidArgument, `headers option: ${problem}`);
      }
      const lower = name.toLowerCase();
      if (!mappingHeaders.has(lower)) {
        base ??= {};
        base[lower] = value;
      }
    }
    this.#base = base;
    this.#baseList = base === undefined ? [] : Object.entries(base).flat();
  }

  /**
   * The request body, refused when over the limit: here rather than by the server's 413,
   * which can race the upload (a server that stops reading mid-body may reset the connection
   * before the client reads the answer).
   */
  encode(input: unknown): Uint8Array {
    let body: Uint8Array;
    try {
      // JSON has no `undefined`: a missing message is `null`, as in a session's JSON frames.
      body = this.codec.encode(input === undefined && this.codecName === "json" ? null : input);
    } catch (error) {
      throw new RpcError(
        RpcCode.InvalidArgument,
        `request could not be encoded: ${messageOf(error)}`,
        { cause: error },
      );
    }
    if (body.length > this.maxBytes) {
      throw new RpcError(
        RpcCode.ResourceExhausted,
        `request of ${body.length} bytes exceeds the limit maxFrameBytes = ${this.maxBytes}`,
      );
    }
    return body;
  }

  /**
   * A call's request headers: the mapping's, the transport's own, then the call's metadata.
   * Metadata named like an HTTP header (`content-type`, `host`, …) or reserved (`rpc-…`)
   * cannot travel: the call fails with `invalid_argument` rather than silently losing it.
   * `contentLength` is for node:http (fetch sets it itself).
   */
  headers(
    call: CallSpec,
    stream: boolean,
    timeoutMs: number,
    contentLength?: number,
  ): Record<string, string> {
    // One literal shape per case: V8 keeps these short-lived objects young and monomorphic,
    // where cloning a template with spread measurably promoted them to the old generation.
    const accept = stream ? this.#streamType : this.#contentType;
    const headers: Record<string, string> =
      contentLength === undefined
        ? { "content-type": this.#contentType, accept }
        : { "content-type": this.#contentType, accept, "content-length": String(contentLength) };
    const base = this.#base;
    if (base !== undefined) for (const name in base) headers[name] = base[name]!;
    const metadata = call.metadata;
    if (metadata !== undefined) {
      for (const key in metadata) {
        const value = metadata[key]!;
        const name = key.toLowerCase();
        if (!isMetadataHeader(name)) {
          throw new RpcError(
            RpcCode.InvalidArgument,
            `metadata key ${key} cannot travel over HTTP: it is an HTTP or reserved header`,
          );
        }
        const problem = headerProblem(name, value);
        if (problem !== undefined) {
          throw new RpcError(
            RpcCode.InvalidArgument,
            `metadata cannot be sent as HTTP headers: ${problem}`,
          );
        }
        headers[name] = value;
      }
    }
    if (timeoutMs > 0) headers[timeoutHeader] = String(timeoutMs);
    return headers;
  }

  /**
   * {@link headers} as node:http's flat `[name, value, ...]` list, led by `host` unless the
   * `headers` option sets one. node:http writes such a list into the request head as it is,
   * where an object's headers are first checked and stored one by one; the list is checked
   * as it is written, so a bad header still fails the request.
   */
  headerList(
    call: CallSpec,
    stream: boolean,
    timeoutMs: number,
    contentLength: number,
    host: string,
  ): string[] {
    if (call.metadata !== undefined) {
      // Metadata replaces headers of the same name: let the object settle which one is sent.
      const headers = this.headers(call, stream, timeoutMs, contentLength);
      const list = headers.host === undefined ? ["host", host] : [];
      for (const name in headers) list.push(name, headers[name]!);
      return list;
    }
    const list = [
      "content-type",
      this.#contentType,
      "accept",
      stream ? this.#streamType : this.#contentType,
      "content-length",
      String(contentLength),
    ];
    if (this.#base === undefined || this.#base.host === undefined) list.push("host", host);
    for (const entry of this.#baseList) list.push(entry);
    if (timeoutMs > 0) list.push(timeoutHeader, String(timeoutMs));
    return list;
  }

  /** A 200 that is not ours (a captive portal, a misrouted proxy) is not a result. */
  checkType(contentType: string | null | undefined, stream: boolean): void {
    const expected = stream ? this.#streamType : this.#contentType;
    const type = contentType ?? "";
    if (type !== expected && !type.toLowerCase().startsWith(expected)) {
      throw malformed(`expected content-type ${expected}, got ${JSON.stringify(type)}`);
    }
  }

  /** A unary response body: decoded, its headers and trailers delivered, then validated. */
  result(call: CallSpec, body: Uint8Array, headers: HeaderRecord): unknown {
    let value: unknown;
    try {
      value = this.codec.decode(body);
    } catch (error) {
      throw malformed(`response body does not decode: ${messageOf(error)}`);
    }
    deliverMetadata(call, headers, true);
    return decodeResponse(call, value);
  }

  /**
   * The error an HTTP error status stands for: the `{code, message, details}` body when the
   * server is rpcgen (in either codec), else a code from the status alone, naming the status
   * and the start of the body. `body` is undefined when it was over the limit.
   */
  errorOf(
    call: CallSpec,
    response: {
      readonly status: number;
      readonly statusText: string;
      readonly url: string;
      readonly headers: HeaderRecord;
    },
    body: Uint8Array | undefined,
  ): RpcError {
    deliverMetadata(call, response.headers, true);
    const codecName = codecOfContentType(first(response.headers["content-type"]));
    if (codecName !== undefined && body !== undefined) {
      try {
        const codec = codecName === this.codecName ? this.codec : codecFor(codecName);
        const wire = codec.decode(body);
        if (isPlainObject(wire) && isRpcCode(wire.code)) return RpcError.fromWire(wire);
      } catch {
        // Not an rpcgen error body: fall back to the status.
      }
    }
    const text = body === undefined ? "" : new TextDecoder().decode(body.subarray(0, 200)).trim();
    const status = `HTTP ${response.status}${response.statusText === "" ? "" : ` ${response.statusText}`}`;
    return new RpcError(
      codeOfHttpStatus(response.status),
      `${status} from ${response.url || this.url}${text === "" ? "" : `: ${text}`}`,
    );
  }
}

/**
 * Hands response headers and (for single responses) `rpc-trailer-` trailers to the call's
 * callbacks; HTTP's own headers are left out, repeated ones joined with `, `. Callbacks run
 * only for non-empty maps, as on a session.
 */
export function deliverMetadata(call: CallSpec, received: HeaderRecord, withTrailers: boolean) {
  if (call.onHeaders === undefined && call.onTrailers === undefined) return;
  let headers: Metadata | undefined;
  let trailers: Metadata | undefined;
  for (const name in received) {
    const value = received[name];
    if (value === undefined || name === "__proto__") continue;
    const text = typeof value === "string" ? value : value.join(", ");
    if (name.startsWith(trailerPrefix)) {
      if (withTrailers) {
        trailers ??= {};
        trailers[name.slice(trailerPrefix.length)] = text;
      }
    } else if (isMetadataHeader(name)) {
      headers ??= {};
      headers[name] = text;
    }
  }
  if (headers !== undefined) call.onHeaders?.(headers);
  if (trailers !== undefined) call.onTrailers?.(trailers);
}

export function codecFor(name: CodecName): Codec {
  return name === "json" ? jsonCodec() : msgpackCodec();
}

/** Headers the mapping sets on every request, which the `headers` option cannot replace. */
const mappingHeaders: ReadonlySet<string> = new Set([
  "accept",
  "content-length",
  "content-type",
  timeoutHeader,
]);

/** `token` of RFC 9110, which both fetch and node:http require of a header name. */
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What node:http refuses in a value (fetch refuses less): controls other than tab, non-Latin-1. */
const badHeaderValue = /[^\t\x20-\x7e\x80-\xff]/;

/** Why a header cannot be sent, checked here so both clients refuse the same ones. */
function headerProblem(name: string, value: unknown): string | undefined {
  if (!headerName.test(name)) return `${JSON.stringify(name)} is not a valid header name`;
  if (typeof value !== "string") return `the value of ${name} is not a string`;
  if (badHeaderValue.test(value)) return `the value of ${name} has a character HTTP forbids`;
  return undefined;
}

function first(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === "string" || value === undefined ? value : value[0];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The base URL forms, as listed in errors. */
const baseUrlForms =
  "http://host[:port][/prefix] or https://host[:port][/prefix] (in a browser, also a path relative to the page)";

/**
 * Refuses, with `invalid_argument` naming the URL and the accepted forms, a base URL that is
 * not one, is not http: or https:, or has a query or fragment (calls append `/<Service>/<method>`
 * to it). In a browser a relative URL resolves against the page, as fetch will resolve it. A
 * base URL with `user:password@` is refused too (fetch would refuse each request): the URL is
 * echoed in error messages and logs, a password must not be.
 */
function checkBaseUrl(url: string): void {
  const base = (globalThis as { location?: { href?: unknown } }).location?.href;
  let parsed: URL;
  try {
    parsed = new URL(url, typeof base === "string" ? base : undefined);
  } catch {
    // Whatever follows a ? may be a token: it stays out of the message.
    throw invalidBaseUrl(`baseUrl ${JSON.stringify(url.split(/[?#]/)[0])} is not a URL`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new RpcError(
      RpcCode.InvalidArgument,
      "baseUrl must not carry credentials (user:password@); send them with the headers option, e.g. authorization",
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw invalidBaseUrl(
      `baseUrl must be an http: or https: URL, got ${JSON.stringify(`${parsed.protocol}//${parsed.host}${parsed.pathname}`)}`,
    );
  }
  if (parsed.search !== "" || parsed.hash !== "") {
    throw invalidBaseUrl(
      `baseUrl ${JSON.stringify(`${parsed.origin}${parsed.pathname}`)} must have no query or fragment`,
    );
  }
}

function invalidBaseUrl(problem: string): RpcError {
  return new RpcError(RpcCode.InvalidArgument, `${problem}; expected ${baseUrlForms}`);
}
