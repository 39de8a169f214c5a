import { type CallSpec, RpcCode, RpcError } from "@rpcgen/runtime";
import { streamingInputUnsupported } from "../protocol.js";
import { chunksOf, readAll } from "./body.js";
import { abortAll, Exchange, transportClosed } from "./exchange.js";
import {
  ClientMapping,
  deliverMetadata,
  type HttpClientOptions,
  type HttpTransport,
} from "./mapping.js";
import { streamMessages } from "./stream.js";

/** Options for {@link httpTransport}. */
export interface HttpTransportOptions extends HttpClientOptions {
  /** The fetch to use; default the global one. Inject one for proxies, mocks or cookies. */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * A client transport that makes each call one `fetch`: `POST <baseUrl>/<Service>/<method>`
 * (docs/http.md). Runs unchanged in browsers, Node, Deno and workers. Unary and server-stream
 * methods only: client-stream and bidi calls fail with `unimplemented`
 * ({@link streamingInputUnsupported}). On Node, `@rpcgen/transport-http/node` has the same
 * transport on node:http, at a fraction of fetch's CPU per call. Throws `invalid_argument`
 * for a `headers` option HTTP cannot carry.
 */
export function httpTransport(
  baseUrl: string | URL,
  options: HttpTransportOptions = {},
): HttpTransport {
  return new FetchTransport(baseUrl, options);
}

/** An exchange whose fetch, and the body it reads, stop through an AbortController. */
class FetchExchange extends Exchange {
  readonly controller = new AbortController();

  protected interrupt(reason: RpcError): void {
    this.controller.abort(reason);
  }
}

class FetchTransport implements HttpTransport {
  readonly url: string;
  readonly #mapping: ClientMapping;
  readonly #fetch: typeof globalThis.fetch;
  readonly #inFlight = new Set<Exchange>();
  #closed = false;

  constructor(baseUrl: string | URL, options: HttpTransportOptions) {
    this.#mapping = new ClientMapping(baseUrl, options);
    this.url = this.#mapping.url;
    // Called unbound: some runtimes require fetch's `this` to be the global object.
    const chosen = options.fetch ?? globalThis.fetch;
    this.#fetch = (input, init) => chosen(input, init);
  }

  async unary(call: CallSpec, input: unknown): Promise<unknown> {
    if (call.kind !== "unary") throw new RpcError(RpcCode.Unimplemented, streamingInputUnsupported);
    const exchange = this.#start(call);
    const url = `${this.url}/${call.path}`;
    try {
      const response = await this.#send(call, input, exchange, false);
      if (!response.ok) throw await this.#errorOf(call, response);
      const headers = Object.fromEntries(response.headers);
      this.#mapping.checkType(headers["content-type"], false);
      const bytes = await readAll(response, this.#mapping.maxBytes);
      return this.#mapping.result(call, bytes, headers);
    } catch (error) {
      const failure = exchange.failure(error, url);
      exchange.abort(failure);
      throw failure;
    } finally {
      exchange.done();
    }
  }

  stream(call: CallSpec, input: unknown): AsyncIterable<unknown> {
    return streamMessages(
      this.#mapping,
      call,
      () => {
        if (call.kind !== "server_stream") {
          throw new RpcError(RpcCode.Unimplemented, streamingInputUnsupported);
        }
        return this.#start(call);
      },
      (exchange) => this.#openStream(call, input, exchange),
    );
  }

  async #openStream(
    call: CallSpec,
    input: unknown,
    exchange: FetchExchange,
  ): Promise<AsyncIterable<Uint8Array>> {
    const response = await this.#send(call, input, exchange, true);
    if (!response.ok) throw await this.#errorOf(call, response);
    const headers = Object.fromEntries(response.headers);
    this.#mapping.checkType(headers["content-type"], true);
    deliverMetadata(call, headers, false);
    return chunksOf(response.body);
  }

  async close(): Promise<void> {
    this.#closed = true;
    abortAll(this.#inFlight);
  }

  #start(call: CallSpec): FetchExchange {
    if (this.#closed) throw transportClosed();
    return new FetchExchange(call, this.#inFlight);
  }

  #send(call: CallSpec, input: unknown, exchange: FetchExchange, stream: boolean) {
    const body = this.#mapping.encode(input);
    return this.#fetch(`${this.url}/${call.path}`, {
      method: "POST",
      headers: this.#mapping.headers(call, stream, exchange.timeoutMs),
      body: body as Uint8Array<ArrayBuffer>,
      signal: exchange.controller.signal,
    });
  }

  async #errorOf(call: CallSpec, response: Response): Promise<RpcError> {
    let body: Uint8Array | undefined;
    try {
      body = await readAll(response, this.#mapping.maxBytes);
    } catch (error) {
      if (error instanceof RpcError && error.code === RpcCode.ResourceExhausted) body = undefined;
      else throw error;
    }
    return this.#mapping.errorOf(
      call,
      {
        status: response.status,
        statusText: response.statusText,
        url: response.url,
        headers: Object.fromEntries(response.headers),
      },
      body,
    );
  }
}
