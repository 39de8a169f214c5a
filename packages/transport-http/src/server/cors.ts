import type { IncomingMessage, ServerResponse } from "node:http";

/** Cross-origin access for browser clients on other origins. */
export interface CorsOptions {
  /**
   * Origins allowed to call: one (`"https://app.example.com"`), a list, or `true` for any
   * origin (reflected, never `*`, so `credentials` keeps working).
   */
  readonly origin: string | readonly string[] | true;
  /** Allow cookies and HTTP auth on cross-origin calls. Default false. */
  readonly credentials?: boolean;
  /** How long browsers may cache a preflight answer, in seconds. Default 600. */
  readonly maxAgeSeconds?: number;
}

/** What the handler does with a request after CORS has looked at it. */
export type CorsOutcome = "continue" | "answered";

/**
 * Applies a CORS policy: answers preflight `OPTIONS` requests itself and marks actual
 * requests from allowed origins. Request headers are reflected in preflights, since metadata
 * travels in headers of any name; response headers are exposed per response by the
 * responder, which knows which ones it wrote.
 */
export class CorsPolicy {
  readonly #allowed: (origin: string) => boolean;
  readonly #credentials: boolean;
  readonly #maxAge: string;

  constructor(options: CorsOptions) {
    const { origin } = options;
    this.#allowed =
      origin === true
        ? () => true
        : typeof origin === "string"
          ? (o) => o === origin
          : (o) => origin.includes(o);
    this.#credentials = options.credentials ?? false;
    this.#maxAge = String(options.maxAgeSeconds ?? 600);
  }

  /**
   * Sets the CORS headers for an allowed origin and answers a preflight. A preflight from an
   * origin that is not allowed gets 403; an actual request from one goes on without CORS
   * headers, so the browser withholds the response.
   */
  apply(req: IncomingMessage, res: ServerResponse): CorsOutcome {
    const origin = req.headers.origin;
    const preflight =
      req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    res.appendHeader("vary", "Origin");
    if (origin === undefined || !this.#allowed(origin)) {
      if (!preflight) return "continue";
      res.writeHead(403, { "content-type": "text/plain" });
      res.end(`origin ${origin ?? "(none)"} is not allowed\n`);
      return "answered";
    }
    res.setHeader("access-control-allow-origin", origin);
    if (this.#credentials) res.setHeader("access-control-allow-credentials", "true");
    if (!preflight) return "continue";
    const requested = req.headers["access-control-request-headers"];
    res.writeHead(204, {
      "access-control-allow-methods": "POST",
      ...(requested === undefined ? {} : { "access-control-allow-headers": requested }),
      "access-control-max-age": this.#maxAge,
      "content-length": 0,
    });
    res.end();
    return "answered";
  }
}
