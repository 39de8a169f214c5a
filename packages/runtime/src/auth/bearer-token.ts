import type { ClientInterceptor } from "../client/call-options.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";

/** Where a client's bearer token comes from: the token, or a function returning it. */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * RFC 6750's token characters: what fits in an `authorization` header on every transport
 * without escaping, and nothing that could end the header early.
 */
const tokenPattern = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * A client interceptor that sends `authorization: Bearer <token>` with every call, for a
 * server running {@link bearerAuth}. `source` is the token, or a function called before each
 * call (return a cached token and refresh it when it nears expiry; the function is awaited,
 * so it may fetch one). A call whose metadata already has `authorization` keeps it. A source
 * that throws or returns something that is not a token fails the call with `unauthenticated`
 * before anything is sent, naming the cause but never the token.
 */
export function bearerToken(source: TokenSource): ClientInterceptor {
  if (typeof source === "string") checkToken(source);
  return async (ctx, next) => {
    if (ctx.metadata.authorization === undefined) {
      let token: string;
      try {
        token = typeof source === "string" ? source : await source();
      } catch (error) {
        throw new RpcError(
          RpcCode.Unauthenticated,
          `the bearer token source failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      checkToken(token);
      ctx.metadata.authorization = `Bearer ${token}`;
    }
    await next();
  };
}

function checkToken(token: unknown): void {
  if (typeof token !== "string" || !tokenPattern.test(token)) {
    throw new RpcError(
      RpcCode.Unauthenticated,
      typeof token === "string"
        ? `the bearer token has characters a token may not have (${token.length} characters; allowed: A-Z a-z 0-9 - . _ ~ + / and trailing =)`
        : `the bearer token source returned ${token === null ? "null" : typeof token}, not a string`,
    );
  }
}
