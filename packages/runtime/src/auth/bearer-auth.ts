import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import type { CallContext, ServerInterceptor } from "../server/handlers.js";
import type { PeerCertificate } from "./peer-certificate.js";
import { type AuthRule, type AuthRules, checkRules, ruleFor } from "./rules.js";

/** A result that may come now or later. */
type MaybePromise<T> = T | Promise<T>;

/** Options for {@link bearerAuth}; at least one of the two checks must be given. */
export interface BearerAuthOptions<I> {
  /**
   * Checks the token of an `authorization: Bearer <token>` request and returns who the caller
   * is, or `undefined` to refuse it (`unauthenticated`). Throw an `RpcError` to refuse with a
   * code and message of your own; anything else thrown fails the call with `internal` and is
   * reported like a handler's error.
   */
  readonly verifyToken?: (token: string, ctx: CallContext) => MaybePromise<I | undefined>;
  /**
   * Maps the verified client certificate of a mutual-TLS connection to an identity, or
   * `undefined` to refuse it. Consulted for calls that bring no `authorization` metadata.
   */
  readonly verifyCertificate?: (
    certificate: PeerCertificate,
    ctx: CallContext,
  ) => MaybePromise<I | undefined>;
  /** Who may call what; see {@link AuthRules}. Methods no rule names take `defaultRule`. */
  readonly rules?: AuthRules<I>;
  /** The rule for methods `rules` does not name. Default `"authenticated"`. */
  readonly defaultRule?: AuthRule<I>;
}

/** The server half of bearer-token auth, made by {@link bearerAuth}. */
export interface BearerAuth<I> {
  /** Put it first in the server's `interceptors`, so every other interceptor sees the caller. */
  readonly interceptor: ServerInterceptor;
  /**
   * The caller of a call this interceptor let through, typed; throws `unauthenticated` when
   * there is none (a `"public"` method called without credentials).
   */
  identity(ctx: CallContext): I;
}

const scheme = /^bearer +(\S+)\s*$/i;

/**
 * Authenticates every call and applies per-method rules, as a server interceptor. The caller
 * is found from the `authorization: Bearer <token>` metadata ({@link bearerToken} sends it)
 * through `verifyToken`, or from the client certificate of a mutual-TLS connection through
 * `verifyCertificate`, and stored in `ctx.identity` for later interceptors and the handler.
 * Refusals:
 * - `unauthenticated`: no credentials, a malformed `authorization` value, or credentials the
 *   check refused; the message never repeats the token;
 * - `permission_denied`: a rule function returned false for this caller.
 * Throws a `RangeError` at once for options that cannot work (no check, a malformed rule).
 */
export function bearerAuth<I>(options: BearerAuthOptions<I>): BearerAuth<I> {
  const { verifyToken, verifyCertificate } = options;
  if (verifyToken === undefined && verifyCertificate === undefined) {
    throw new RangeError("bearerAuth needs verifyToken, verifyCertificate or both");
  }
  const rules = options.rules ?? {};
  checkRules(rules);
  const fallback = options.defaultRule ?? "authenticated";
  checkRules({ "*": fallback });

  /** The caller, undefined when no credentials came; throws when they came and are refused. */
  const authenticate = async (ctx: CallContext): Promise<I | undefined> => {
    // Metadata values are not type-checked on the wire: a hostile peer may send any value.
    const header: unknown = ctx.metadata.authorization;
    if (header !== undefined) {
      const match = typeof header === "string" ? scheme.exec(header) : null;
      if (match === null) {
        throw new RpcError(
          RpcCode.Unauthenticated,
          'authorization metadata must be "Bearer <token>"',
        );
      }
      if (verifyToken === undefined) {
        throw new RpcError(
          RpcCode.Unauthenticated,
          "this server does not take bearer tokens; authenticate with a client certificate",
        );
      }
      const identity = await verifyToken(match[1]!, ctx);
      if (identity === undefined || identity === null) {
        throw new RpcError(RpcCode.Unauthenticated, "the bearer token was refused");
      }
      return identity;
    }
    const certificate = ctx.peerCertificate;
    if (certificate !== undefined && verifyCertificate !== undefined) {
      const identity = await verifyCertificate(certificate, ctx);
      if (identity === undefined || identity === null) {
        throw new RpcError(
          RpcCode.Unauthenticated,
          `the client certificate ${certificate.subject} was refused`,
        );
      }
      return identity;
    }
    return undefined;
  };

  const interceptor: ServerInterceptor = async (ctx, next) => {
    const rule = ruleFor(rules, ctx, fallback);
    let identity: I | undefined;
    try {
      identity = await authenticate(ctx);
    } catch (error) {
      // A public method does not need the credentials that were refused.
      if (rule !== "public" || !(error instanceof RpcError)) throw error;
    }
    if (identity === undefined) {
      if (rule === "public") return next();
      throw new RpcError(
        RpcCode.Unauthenticated,
        missingCredentials(verifyToken, verifyCertificate),
      );
    }
    ctx.identity = identity;
    if (typeof rule === "function" && !(await rule(identity, ctx))) {
      throw new RpcError(
        RpcCode.PermissionDenied,
        `the caller may not call ${ctx.service}/${ctx.method}`,
      );
    }
    return next();
  };

  return {
    interceptor,
    identity(ctx) {
      if (ctx.identity === undefined) {
        throw new RpcError(RpcCode.Unauthenticated, "the call has no authenticated caller");
      }
      return ctx.identity as I;
    },
  };
}

function missingCredentials(verifyToken: unknown, verifyCertificate: unknown): string {
  if (verifyCertificate === undefined) {
    return "credentials required: send metadata authorization: Bearer <token>";
  }
  if (verifyToken === undefined) return "credentials required: connect with a client certificate";
  return "credentials required: send metadata authorization: Bearer <token> or connect with a client certificate";
}
