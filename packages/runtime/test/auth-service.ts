import {
  type BearerAuth,
  bearerAuth,
  type CallContext,
  defineService,
  type HandlersOf,
  method,
  type ServiceOf,
} from "@rpcgen/runtime";

/** Who a call came from, as the handler saw it. */
export interface Caller {
  /** The identity bearerAuth established, by name; null on a public call without one. */
  name: string | null;
  /** `ctx.peerCertificate`'s subject and fingerprint; null without mutual TLS. */
  subject: string | null;
  fingerprint256: string | null;
}

/** A service for auth tests: one method per rule kind. */
export const AuthService = defineService("AuthService", {
  whoami: method<null, Caller>()("whoami", "unary"),
  open: method<null, Caller>()("open", "unary"),
  admin: method<null, Caller>()("admin", "unary"),
  feed: method<{ n: number }, Caller>()("feed", "server_stream"),
});

/** The tests' identities. */
export interface User {
  readonly name: string;
  readonly admin: boolean;
}

/** Tokens the test server accepts. */
export const tokens: Readonly<Record<string, User>> = {
  "alice-token": { name: "alice", admin: false },
  "root-token": { name: "root", admin: true },
};

/**
 * bearerAuth as the tests configure it: the tokens above, client certificates named by their
 * common name (`admin-client` is an admin), `open` public, `admin` for admins only, the rest
 * for anyone authenticated.
 */
export function testAuth(): BearerAuth<User> {
  return bearerAuth<User>({
    verifyToken: (token) => (Object.hasOwn(tokens, token) ? tokens[token] : undefined),
    verifyCertificate: (certificate) =>
      certificate.commonName === undefined || certificate.commonName === "stranger"
        ? undefined
        : { name: certificate.commonName, admin: certificate.commonName === "admin-client" },
    rules: {
      "AuthService/open": "public",
      "AuthService/admin": (user) => user.admin,
    },
  });
}

/** The implementation: every method reports the caller it saw. */
export function authServiceImpl(auth: BearerAuth<User>): HandlersOf<ServiceOf<typeof AuthService>> {
  const caller = (ctx: CallContext): Caller => ({
    name: ctx.identity === undefined ? null : auth.identity(ctx).name,
    subject: ctx.peerCertificate?.subject ?? null,
    fingerprint256: ctx.peerCertificate?.fingerprint256 ?? null,
  });
  return {
    whoami: (_, ctx) => caller(ctx),
    open: (_, ctx) => caller(ctx),
    admin: (_, ctx) => caller(ctx),
    async *feed({ n }, ctx) {
      for (let i = 0; i < n; i++) yield caller(ctx);
    },
  };
}
