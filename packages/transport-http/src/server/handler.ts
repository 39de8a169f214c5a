import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import {
  type Codec,
  type CodecName,
  jsonCodec,
  type Metadata,
  msgpackCodec,
  type PeerCertificate,
  type RequestCall,
  RpcCode,
  RpcError,
  type Server,
  verifiedPeerCertificate,
} from "@rpcgen/runtime";
import {
  codecOfContentType,
  httpStatusOf,
  isMetadataHeader,
  streamingInputUnsupported,
  timeoutHeader,
  unaryContentTypes,
} from "../protocol.js";
import { type CorsOptions, CorsPolicy } from "./cors.js";
import { HttpCall } from "./http-call.js";
import { HttpResponder } from "./responder.js";
import { checkedTimeout, defaultHttpTimeouts, type HttpTimeouts } from "./timeouts.js";

/** Options for {@link httpHandler}. */
export interface HttpHandlerOptions {
  /**
   * Path prefix of rpcgen calls, e.g. `"/rpc"` for `POST /rpc/<Service>/<method>`. Matched
   * against `req.url`, then against Express's `req.originalUrl`, so a handler mounted with
   * `app.use("/rpc", handler)` works with or without it. Default: none.
   */
  readonly prefix?: string;
  /** Answer CORS preflights and let browsers on these origins call. Default: no CORS. */
  readonly cors?: CorsOptions;
  /**
   * `responseStallMs`: how long a response stream may accept nothing from the server before
   * the client counts as gone (default 30 000; see docs/http.md, Timeouts). The other timeouts
   * are `listenHttp`'s; a mounted handler runs under its own server's.
   */
  readonly timeouts?: Partial<Pick<HttpTimeouts, "responseStallMs">>;
}

/**
 * A request handler for node:http, Express (as middleware) and Fastify (on the raw request
 * and response). Requests outside the prefix go to `next` when given, else get 404.
 */
export type HttpHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/** What a listener tracks to shut down gracefully; absent for a mounted handler. */
export interface HandlerTracker {
  closing: boolean;
  readonly calls: Set<RequestCall>;
  /** Called when the last call in flight has ended. */
  idle: (() => void) | undefined;
}

/**
 * Serves `server`'s unary and server-stream methods over HTTP, mapped as in docs/http.md:
 * `POST <prefix>/<Service>/<method>` with a JSON or msgpack body. Calls run through
 * {@link Server.openCall}, so validation, interceptors, deadlines, cancellation, limits and
 * errors behave exactly as on the stream transports.
 */
export function httpHandler(server: Server, options: HttpHandlerOptions = {}): HttpHandler {
  return createHandler(server, options, undefined);
}

/** {@link httpHandler} with a listener's shutdown bookkeeping. */
export function createHandler(
  server: Server,
  options: HttpHandlerOptions,
  tracker: HandlerTracker | undefined,
): HttpHandler {
  const prefix = normalizePrefix(options.prefix);
  const stallMs = checkedTimeout(
    "responseStallMs",
    options.timeouts?.responseStallMs ?? defaultHttpTimeouts.responseStallMs,
  );
  const cors = options.cors === undefined ? undefined : new CorsPolicy(options.cors);
  // Encoding and decoding are synchronous and return fresh bytes, so requests share codecs.
  const codecs: { readonly [K in CodecName]: Codec } = {
    json: jsonCodec(),
    msgpack: msgpackCodec(),
  };
  const accepted = `${unaryContentTypes.json} or ${unaryContentTypes.msgpack}`;

  return (req, res, next) => {
    const target = rpcPath(req, prefix);
    if (target === undefined) {
      if (next !== undefined) next();
      else sendError(res, 404, new RpcError(RpcCode.NotFound, `no rpcgen route at ${req.url}`));
      return;
    }
    if (cors !== undefined && cors.apply(req, res) === "answered") return;
    if (req.method !== "POST") {
      res.setHeader("allow", cors === undefined ? "POST" : "POST, OPTIONS");
      sendError(
        res,
        405,
        new RpcError(
          RpcCode.Unimplemented,
          `HTTP method ${req.method ?? "?"} is not allowed: rpcgen calls are POST`,
        ),
      );
      return;
    }
    const path = wirePath(target);
    if (path instanceof RpcError) {
      sendError(res, 400, path);
      return;
    }
    const codecName = codecOfContentType(req.headers["content-type"]);
    if (codecName === undefined) {
      const given = req.headers["content-type"];
      sendError(
        res,
        415,
        new RpcError(
          RpcCode.InvalidArgument,
          `unsupported content-type ${given === undefined ? "(none)" : JSON.stringify(given)}: send ${accepted}`,
        ),
      );
      return;
    }
    const timeoutMs = parseTimeout(req.headers[timeoutHeader]);
    if (timeoutMs instanceof RpcError) {
      sendError(res, 400, timeoutMs, codecs[codecName]);
      return;
    }
    if (tracker?.closing === true) {
      res.setHeader("connection", "close");
      sendError(
        res,
        503,
        new RpcError(RpcCode.Unavailable, "the server is shutting down; retry elsewhere"),
        codecs[codecName],
      );
      return;
    }
    const codec = codecs[codecName];
    const responder = new HttpResponder(res, codec, codecName, cors !== undefined, stallMs);
    let call: RequestCall;
    try {
      call = server.openCall(
        {
          path,
          metadata: metadataOf(req),
          timeoutMs,
          peer: peerOf(req),
          peerCertificate: peerCertificateOf(req),
          streamingInputUnsupported,
        },
        responder,
      );
    } catch (error) {
      const refusal = RpcError.from(error);
      sendError(res, httpStatusOf(refusal.code), refusal, codecs[codecName]);
      return;
    }
    new HttpCall(call, res, responder, codec, timeoutMs, tracker).run(
      req,
      server.limits.maxFrameBytes,
    );
  };
}

/** `""` or `/segment...` without a trailing slash. */
function normalizePrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === "" || prefix === "/") return "";
  const trimmed = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** What follows the prefix in a request's target (query included), or undefined if not ours. */
function rpcPath(req: IncomingMessage, prefix: string): string | undefined {
  return (
    pathUnder(req.url, prefix) ?? pathUnder((req as { originalUrl?: unknown }).originalUrl, prefix)
  );
}

function pathUnder(url: unknown, prefix: string): string | undefined {
  if (typeof url !== "string" || !url.startsWith(prefix)) return undefined;
  if (url.charCodeAt(prefix.length) !== 0x2f /* / */) return undefined;
  return url.slice(prefix.length + 1);
}

/**
 * The wire path of a request target under the prefix (`Service/method?...` as sent), or why it
 * is refused. Each method has exactly one spelling, so a proxy or firewall rule written for
 * `/Admin/drop` cannot be walked around: a query string and an encoded `/` are refused rather
 * than ignored or decoded. Other escapes (a method name outside ASCII) are decoded.
 */
function wirePath(target: string): string | RpcError {
  if (target.includes("?")) {
    return new RpcError(
      RpcCode.InvalidArgument,
      `rpcgen calls take no query string: POST to /<Service>/<method> alone, got /${shown(target)}`,
    );
  }
  if (!target.includes("%")) return target;
  if (/%2f/i.test(target)) {
    return new RpcError(
      RpcCode.InvalidArgument,
      `the path encodes "/" as %2F: write /<Service>/<method> with a plain "/", got /${shown(target)}`,
    );
  }
  try {
    return decodeURIComponent(target);
  } catch {
    return new RpcError(
      RpcCode.InvalidArgument,
      `malformed percent-encoding in the path /${shown(target)}`,
    );
  }
}

/** A request target as errors echo it: cut short, since a peer chooses its length. */
function shown(target: string): string {
  return target.length > 200 ? `${target.slice(0, 200)}…` : target;
}

function parseTimeout(value: string | string[] | undefined): number | RpcError {
  if (value === undefined) return 0;
  if (typeof value === "string" && /^\d{1,15}$/.test(value)) return Number(value);
  return new RpcError(
    RpcCode.InvalidArgument,
    `${timeoutHeader} must be a whole number of milliseconds, got ${JSON.stringify(value)}`,
  );
}

/** Request metadata: every header that is not about HTTP itself (docs/http.md). */
function metadataOf(req: IncomingMessage): Metadata | null {
  let metadata: Metadata | null = null;
  const headers = req.headers;
  for (const name in headers) {
    if (name === "__proto__" || !isMetadataHeader(name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    metadata ??= {};
    metadata[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return metadata;
}

/** `ctx.peer`, formatted once per connection rather than once per call. */
const peerKey = Symbol("rpcgen.peer");

function peerOf(req: IncomingMessage): string {
  const socket = req.socket as IncomingMessage["socket"] & { [peerKey]?: string };
  let peer = socket[peerKey];
  if (peer === undefined) {
    const { remoteAddress, remotePort } = socket;
    const host = remoteAddress?.includes(":") === true ? `[${remoteAddress}]` : remoteAddress;
    peer = `http:${host ?? "unknown"}:${remotePort ?? 0}`;
    // Before the socket is connected (or after it closed) the address is unknown: do not keep it.
    if (remoteAddress !== undefined) socket[peerKey] = peer;
  }
  return peer;
}

/** `ctx.peerCertificate`, read once per connection: a TLS socket's peer does not change. */
const certificateKey = Symbol("rpcgen.peerCertificate");

function peerCertificateOf(req: IncomingMessage): PeerCertificate | undefined {
  const socket = req.socket as TLSSocket & { [certificateKey]?: PeerCertificate | null };
  let certificate = socket[certificateKey];
  if (certificate === undefined) {
    certificate = verifiedPeerCertificate(socket) ?? null;
    socket[certificateKey] = certificate;
  }
  return certificate ?? undefined;
}

/** An error the transport itself answers with, before or instead of a call. */
function sendError(res: ServerResponse, status: number, error: RpcError, codec?: Codec): void {
  if (res.headersSent || res.destroyed) return;
  const body =
    codec === undefined
      ? Buffer.from(JSON.stringify(error.toJSON()))
      : codec.encode(error.toJSON());
  res.writeHead(status, {
    "content-type": codec?.name === "msgpack" ? unaryContentTypes.msgpack : unaryContentTypes.json,
    "content-length": body.length,
  });
  res.end(body);
}
