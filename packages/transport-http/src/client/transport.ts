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
  streamingInputUnsupported,
  timeoutHeader,
  trailerPrefix,
  unaryContentTypes,
} from "../protocol.js";
import { readAll, readRecords } from "./body.js";
import { Exchange } from "./exchange.js";

/** Options for {@link httpTransport}. */
export interface HttpTransportOptions {
  /** `"msgpack"` (default, compact and exact) or `"json"` (readable in devtools). */
  readonly codec?: CodecName;
  /** Headers sent with every call, e.g. an API key; call metadata with the same name wins. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch to use; default the global one. Inject one for proxies, mocks or cookies. */
  readonly fetch?: typeof globalThis.fetch;
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

/**
 * A client transport that makes each call one `fetch`: `POST <baseUrl>/<Service>/<method>`
 * (docs/http.md). Runs unchanged in browsers, Node, Deno and workers. Unary and server-stream
 * methods only: client-stream and bidi calls fail with `unimplemented`
 * ({@link streamingInputUnsupported}).
 */
export function httpTransport(
  baseUrl: string | URL,
  options: HttpTransportOptions = {},
): HttpTransport {
  return new FetchTransport(String(baseUrl).replace(/\/+$/, ""), options);
}

class FetchTransport implements HttpTransport {
  readonly url: string;
  readonly #codec: Codec;
  readonly #codecName: CodecName;
  readonly #fetch: typeof globalThis.fetch;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #maxBytes: number;
  readonly #inFlight = new Set<Exchange>();
  #closed = false;

  constructor(url: string, options: HttpTransportOptions) {
    this.url = url;
    this.#codecName = options.codec ?? "msgpack";
    this.#codec = this.#codecName === "json" ? jsonCodec() : msgpackCodec();
    // Called unbound: some runtimes require fetch's `this` to be the global object.
    const chosen = options.fetch ?? globalThis.fetch;
    this.#fetch = (input, init) => chosen(input, init);
    this.#headers = options.headers ?? {};
    this.#maxBytes = options.limits?.maxFrameBytes ?? defaultLimits.maxFrameBytes;
  }

  async unary(call: CallSpec, input: unknown): Promise<unknown> {
    if (call.kind !== "unary") throw new RpcError(RpcCode.Unimplemented, streamingInputUnsupported);
    const exchange = this.#start(call);
    const url = `${this.url}/${call.path}`;
    try {
      const response = await this.#send(call, input, exchange, unaryContentTypes);
      if (!response.ok) throw await this.#errorOf(call, response);
      this.#checkType(response, unaryContentTypes[this.#codecName]);
      const bytes = await readAll(response, this.#maxBytes);
      const value = this.#decode(bytes);
      deliverMetadata(call, response.headers, true);
      return decodeResponse(call, value);
    } catch (error) {
      const failure = exchange.failure(error, url);
      exchange.abort(failure);
      throw failure;
    } finally {
      exchange.done();
    }
  }

  stream(call: CallSpec, input: unknown): AsyncIterable<unknown> {
    return this.#stream(call, input);
  }

  async *#stream(call: CallSpec, input: unknown): AsyncGenerator<unknown, void, undefined> {
    if (call.kind !== "server_stream") {
      throw new RpcError(RpcCode.Unimplemented, streamingInputUnsupported);
    }
    const exchange = this.#start(call);
    const url = `${this.url}/${call.path}`;
    let ended = false;
    try {
      const response = await this.#send(call, input, exchange, streamContentTypes);
      if (!response.ok) throw await this.#errorOf(call, response);
      this.#checkType(response, streamContentTypes[this.#codecName]);
      deliverMetadata(call, response.headers, false);
      if (response.body === null) throw cutShort(url);
      for await (const record of readRecords(response.body, this.#codec, this.#maxBytes)) {
        if (!isPlainObject(record)) throw malformed("a stream record is not an object");
        if (record.end === true) {
          ended = true;
          if (isPlainObject(record.trailers)) call.onTrailers?.(record.trailers as Metadata);
          if (record.error !== undefined && record.error !== null) {
            throw RpcError.fromWire(record.error);
          }
          return;
        }
        yield decodeResponse(call, record.message);
      }
      throw cutShort(url);
    } catch (error) {
      ended = true;
      const failure = exchange.failure(error, url);
      exchange.abort(failure);
      throw failure;
    } finally {
      // Leaving the loop early: abort the fetch, which the server sees as a cancel.
      if (!ended) exchange.abort(new RpcError(RpcCode.Cancelled, "the client stopped reading"));
      exchange.done();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const closed = new RpcError(RpcCode.Unavailable, "the HTTP transport was closed");
    for (const exchange of [...this.#inFlight]) exchange.abort(closed);
  }

  #start(call: CallSpec): Exchange {
    if (this.#closed) throw new RpcError(RpcCode.Unavailable, "the HTTP transport is closed");
    const exchange = new Exchange(call, (done) => this.#inFlight.delete(done));
    this.#inFlight.add(exchange);
    return exchange;
  }

  #send(
    call: CallSpec,
    input: unknown,
    exchange: Exchange,
    accept: { readonly [K in CodecName]: string },
  ): Promise<Response> {
    let body: Uint8Array;
    try {
      // JSON has no `undefined`: a missing message is `null`, as in a session's JSON frames.
      body = this.#codec.encode(input === undefined && this.#codecName === "json" ? null : input);
    } catch (error) {
      throw new RpcError(
        RpcCode.InvalidArgument,
        `request could not be encoded: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    // Refused here rather than by the server's 413, which can race the upload: a server that
    // stops reading mid-body may reset the connection before the client reads the answer.
    if (body.length > this.#maxBytes) {
      throw new RpcError(
        RpcCode.ResourceExhausted,
        `request of ${body.length} bytes exceeds the limit maxFrameBytes = ${this.#maxBytes}`,
      );
    }
    const headers = requestHeaders(this.#headers, call.metadata);
    headers.set("content-type", unaryContentTypes[this.#codecName]);
    headers.set("accept", accept[this.#codecName]);
    if (exchange.timeoutMs > 0) headers.set(timeoutHeader, String(exchange.timeoutMs));
    return this.#fetch(`${this.url}/${call.path}`, {
      method: "POST",
      headers,
      body: body as Uint8Array<ArrayBuffer>,
      signal: exchange.signal,
    });
  }

  #decode(bytes: Uint8Array): unknown {
    try {
      return this.#codec.decode(bytes);
    } catch (error) {
      throw malformed(
        `response body does not decode: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** A 200 that is not ours (a captive portal, a misrouted proxy) is not a result. */
  #checkType(response: Response, expected: string): void {
    const type = response.headers.get("content-type") ?? "";
    if (!type.toLowerCase().startsWith(expected)) {
      throw malformed(`expected content-type ${expected}, got ${JSON.stringify(type)}`);
    }
  }

  /**
   * The error an HTTP error status stands for: the `{code, message, details}` body when the
   * server is rpcgen (in either codec), else a code from the status alone.
   */
  async #errorOf(call: CallSpec, response: Response): Promise<RpcError> {
    deliverMetadata(call, response.headers, true);
    const codecName = codecOfContentType(response.headers.get("content-type"));
    let body: Uint8Array | undefined;
    try {
      body = await readAll(response, this.#maxBytes);
    } catch (error) {
      if (error instanceof RpcError && error.code === RpcCode.ResourceExhausted) body = undefined;
      else throw error;
    }
    if (codecName !== undefined && body !== undefined) {
      try {
        const codec = codecName === this.#codecName ? this.#codec : codecFor(codecName);
        const wire = codec.decode(body);
        if (isPlainObject(wire) && isRpcCode(wire.code)) return RpcError.fromWire(wire);
      } catch {
        // Not an rpcgen error body: fall back to the status.
      }
    }
    const text = body === undefined ? "" : new TextDecoder().decode(body.subarray(0, 200)).trim();
    return new RpcError(
      codeOfHttpStatus(response.status),
      `HTTP ${response.status}${response.statusText === "" ? "" : ` ${response.statusText}`} from ${response.url || this.url}${text === "" ? "" : `: ${text}`}`,
    );
  }
}

function codecFor(name: CodecName): Codec {
  return name === "json" ? jsonCodec() : msgpackCodec();
}

/**
 * The request headers: the transport's own, then the call's metadata. Metadata whose name is
 * an HTTP header (`content-type`, `host`, …) or reserved (`rpc-…`) cannot travel: the call
 * fails with `invalid_argument` rather than silently losing it.
 */
function requestHeaders(
  base: Readonly<Record<string, string>>,
  metadata: Metadata | undefined,
): Headers {
  try {
    const headers = new Headers(base);
    if (metadata !== undefined) {
      for (const [key, value] of Object.entries(metadata)) {
        if (!isMetadataHeader(key.toLowerCase())) {
          throw new RpcError(
            RpcCode.InvalidArgument,
            `metadata key ${key} cannot travel over HTTP: it is an HTTP or reserved header`,
          );
        }
        headers.set(key, value);
      }
    }
    return headers;
  } catch (error) {
    if (error instanceof RpcError) throw error;
    throw new RpcError(
      RpcCode.InvalidArgument,
      `metadata cannot be sent as HTTP headers: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Hands response headers and (for single responses) `rpc-trailer-` trailers to the call's
 * callbacks; HTTP's own headers are left out. Callbacks run only for non-empty maps, as on a
 * session.
 */
function deliverMetadata(call: CallSpec, received: Headers, withTrailers: boolean): void {
  let headers: Metadata | undefined;
  let trailers: Metadata | undefined;
  received.forEach((value, name) => {
    if (name.startsWith(trailerPrefix)) {
      if (withTrailers) {
        trailers ??= {};
        trailers[name.slice(trailerPrefix.length)] = value;
      }
    } else if (isMetadataHeader(name)) {
      headers ??= {};
      headers[name] = value;
    }
  });
  if (headers !== undefined) call.onHeaders?.(headers);
  if (trailers !== undefined) call.onTrailers?.(trailers);
}

function malformed(problem: string): RpcError {
  return new RpcError(RpcCode.Internal, `malformed HTTP response: ${problem}`);
}

function cutShort(url: string): RpcError {
  return new RpcError(
    RpcCode.Unavailable,
    `the response stream from ${url} ended without its status record`,
  );
}
