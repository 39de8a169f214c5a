import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type RequestOptions,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { type CallSpec, RpcCode, RpcError } from "@rpcgen/runtime";
import { abortAll, type Exchange, transportClosed } from "../client/exchange.js";
import {
  ClientMapping,
  deliverMetadata,
  type HttpClientOptions,
  type HttpTransport,
} from "../client/mapping.js";
import { streamMessages } from "../client/stream.js";
import { streamingInputUnsupported } from "../protocol.js";
import { errorOfResponse } from "./body.js";
import { NodeExchange } from "./exchange.js";
import { UnaryCall } from "./unary.js";

/** Options for the node:http {@link httpTransport}. */
export interface NodeHttpTransportOptions extends HttpClientOptions {
  /**
   * The agent to send with, e.g. an `https.Agent` with your own CA or client certificate.
   * It must match the URL's scheme and is yours: the transport does not destroy it on
   * `close()`. Default: an agent of the transport's own, keep-alive, with Nagle's algorithm
   * off, destroyed on `close()`.
   */
  readonly agent?: HttpAgent | HttpsAgent;
  /**
   * Connections the transport's own agent opens at most (default {@link defaultMaxSockets}).
   * HTTP/1.1 carries one call per connection at a time, so this caps the calls on the wire:
   * more wait in the agent for a free connection (their deadlines still run). A server
   * stream holds its connection until it ends. Not allowed with `agent`: set it there.
   */
  readonly maxSockets?: number;
}

/**
 * Default {@link NodeHttpTransportOptions.maxSockets}. On loopback 64 calls in flight already
 * keep a core busy (more connections add no throughput, only server-side sockets), while a
 * burst of thousands of calls must not become thousands of connections and file descriptors.
 */
export const defaultMaxSockets = 64;

/**
 * A client transport for Node that makes each call one node:http (or node:https) request on
 * its own keep-alive agent: `POST <baseUrl>/<Service>/<method>` (docs/http.md). Same
 * behaviour as the fetch `httpTransport` of `@rpcgen/transport-http`, at a fraction of its
 * CPU per call. Unary and server-stream methods only: client-stream and bidi calls fail with
 * `unimplemented` ({@link streamingInputUnsupported}). Throws `invalid_argument` for a
 * `baseUrl` that is not an `http:` or `https:` URL, or options that do not fit it.
 */
export function httpTransport(
  baseUrl: string | URL,
  options: NodeHttpTransportOptions = {},
): HttpTransport {
  return new NodeTransport(baseUrl, options);
}

/** A server stream's exchange, while it waits for the response to begin. */
class StreamExchange extends NodeExchange {
  reject: ((error: unknown) => void) | undefined;

  protected settle(reason: RpcError): void {
    this.reject?.(reason);
  }
}

type SendRequest = (options: RequestOptions) => ClientRequest;

class NodeTransport implements HttpTransport {
  readonly url: string;
  readonly #mapping: ClientMapping;
  readonly #agent: HttpAgent;
  readonly #ownsAgent: boolean;
  readonly #request: SendRequest;
  readonly #protocol: string;
  readonly #hostname: string;
  readonly #port: number;
  /** The `host` header every request sends. */
  readonly #host: string;
  /** Request paths by `Service/method`, encoded once as fetch's URL parser would. */
  readonly #paths = new Map<string, string>();
  readonly #inFlight = new Set<Exchange>();
  #closed = false;

  constructor(baseUrl: string | URL, options: NodeHttpTransportOptions) {
    this.#mapping = new ClientMapping(baseUrl, options);
    this.url = this.#mapping.url;
    // ClientMapping has refused anything but an absolute http: or https: URL, naming it.
    const parsed = new URL(this.url);
    const secure = parsed.protocol === "https:";
    this.#request = secure ? httpsRequest : httpRequest;
    if (options.agent !== undefined) {
      if (options.maxSockets !== undefined) {
        throw invalid("maxSockets sizes the transport's own agent: set it on the agent given");
      }
      const protocol = (options.agent as { protocol?: unknown }).protocol;
      if (protocol !== parsed.protocol) {
        throw invalid(`agent is for ${String(protocol)} but baseUrl is ${parsed.protocol}`);
      }
      this.#agent = options.agent;
      this.#ownsAgent = false;
    } else {
      const maxSockets = options.maxSockets ?? defaultMaxSockets;
      if (!(maxSockets >= 1) || !(Number.isInteger(maxSockets) || maxSockets === Infinity)) {
        throw invalid(`maxSockets must be a whole number of at least 1, got ${maxSockets}`);
      }
      // lifo reuses the warmest connection and lets surplus ones idle out after a burst.
      const agentOptions = {
        keepAlive: true,
        maxSockets,
        noDelay: true,
        scheduling: "lifo",
      } as const;
      this.#agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
      this.#ownsAgent = true;
    }
    this.#protocol = parsed.protocol;
    // node:http wants an IPv6 literal without its brackets.
    this.#hostname = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
    this.#port = parsed.port === "" ? (secure ? 443 : 80) : Number(parsed.port);
    // What node:http would send: brackets around IPv6, no port when it is the default.
    this.#host = parsed.host;
  }

  unary(call: CallSpec, input: unknown): Promise<unknown> {
    let pending: UnaryCall;
    let promise: Promise<unknown>;
    try {
      if (call.kind !== "unary") {
        throw new RpcError(RpcCode.Unimplemented, streamingInputUnsupported);
      }
      if (this.#closed) throw transportClosed();
      pending = new UnaryCall(call, this.#inFlight, this.#mapping);
      promise = pending.begin();
    } catch (error) {
      return Promise.reject(error);
    }
    try {
      const body = this.#mapping.encode(input);
      const headers = this.#mapping.headerList(
        call,
        false,
        pending.timeoutMs,
        body.length,
        this.#host,
      );
      pending.send(this.#send(call, headers), body);
    } catch (error) {
      pending.fail(error);
    }
    return promise;
  }

  stream(call: CallSpec, input: unknown): AsyncIterable<unknown> {
    return streamMessages(
      this.#mapping,
      call,
      () => {
        if (call.kind !== "server_stream") {
          throw new RpcError(RpcCode.Unimplemented, streamingInputUnsupported);
        }
        if (this.#closed) throw transportClosed();
        return new StreamExchange(call, this.#inFlight);
      },
      (exchange) => this.#openStream(call, input, exchange),
    );
  }

  async #openStream(
    call: CallSpec,
    input: unknown,
    exchange: StreamExchange,
  ): Promise<AsyncIterable<Uint8Array>> {
    const body = this.#mapping.encode(input);
    const headers = this.#mapping.headerList(
      call,
      true,
      exchange.timeoutMs,
      body.length,
      this.#host,
    );
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      exchange.reject = reject;
      const req = this.#send(call, headers);
      exchange.req = req;
      req.on("error", reject);
      req.on("response", resolve);
      req.end(body);
    });
    exchange.reject = undefined;
    exchange.res = res;
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) throw await errorOfResponse(this.#mapping, call, res);
    this.#mapping.checkType(res.headers["content-type"], true);
    deliverMetadata(call, res.headers, false);
    return res;
  }

  async close(): Promise<void> {
    this.#closed = true;
    abortAll(this.#inFlight);
    if (this.#ownsAgent) this.#agent.destroy();
  }

  #send(call: CallSpec, headers: string[]): ClientRequest {
    // A literal of one shape, not a spread of a template: see ClientMapping.headers.
    return this.#request({
      protocol: this.#protocol,
      hostname: this.#hostname,
      port: this.#port,
      agent: this.#agent,
      method: "POST",
      path: this.#pathOf(call.path),
      headers,
    });
  }

  #pathOf(callPath: string): string {
    let path = this.#paths.get(callPath);
    if (path === undefined) {
      const url = new URL(`${this.url}/${callPath}`);
      path = url.pathname + url.search;
      this.#paths.set(callPath, path);
    }
    return path;
  }
}

function invalid(message: string): RpcError {
  return new RpcError(RpcCode.InvalidArgument, message);
}
