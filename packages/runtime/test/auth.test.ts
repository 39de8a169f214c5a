import {
  bearerAuth,
  bearerToken,
  type ClientInterceptor,
  createClient,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  defineService,
  invalidAt,
  method,
  RpcError,
  type ServerInterceptor,
} from "@rpcgen/runtime";
import { describe, expect, it } from "vitest";
import { AuthService, authServiceImpl, testAuth } from "./auth-service.js";

/** A client and a server joined by a memory channel, the server running testAuth(). */
function connect(client: readonly ClientInterceptor[], after: readonly ServerInterceptor[] = []) {
  const auth = testAuth();
  const errors: unknown[] = [];
  const server = createServer({
    interceptors: [auth.interceptor, ...after],
    onHandlerError: (error) => errors.push(error),
  }).add(AuthService, authServiceImpl(auth));
  const [a, b] = createMemoryChannelPair();
  server.serve(b);
  return {
    client: createClient(AuthService, createClientSession(a), { interceptors: client }),
    errors,
  };
}

async function failure(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcError);
  const { code, message } = error as RpcError;
  return { code, message };
}

describe("bearerToken and bearerAuth", () => {
  it("let a caller with a good token through, with its identity in the call context", async () => {
    const { client } = connect([bearerToken("alice-token")]);
    expect(await client.whoami(null)).toEqual({
      name: "alice",
      subject: null,
      fingerprint256: null,
    });
  });

  it("take the token from an async source, asked before each call", async () => {
    let asked = 0;
    const { client } = connect([
      bearerToken(async () => {
        asked += 1;
        return asked === 1 ? "alice-token" : "root-token";
      }),
    ]);
    expect((await client.whoami(null)).name).toBe("alice");
    expect((await client.whoami(null)).name).toBe("root");
  });

  it("refuse a call without credentials with unauthenticated saying what to send", async () => {
    const { client } = connect([]);
    expect(await failure(client.whoami(null))).toEqual({
      code: "unauthenticated",
      message:
        "credentials required: send metadata authorization: Bearer <token> or connect with a client certificate",
    });
  });

  it("refuse a caller without credentials before its request is validated", async () => {
    const Typed = defineService("Typed", {
      echo: method<{ n: number }, number>()("echo", "unary", {
        decodeRequest: (value) => {
          const n = (value as { n?: unknown } | null)?.n;
          if (typeof n !== "number") throw invalidAt("req.n", "expected number, got string");
          return value;
        },
      }),
    });
    const server = createServer({ interceptors: [testAuth().interceptor] }).add(Typed, {
      echo: (req) => req.n,
    });
    const client = (interceptors: readonly ClientInterceptor[]) => {
      const [a, b] = createMemoryChannelPair();
      server.serve(b);
      return createClient(Typed, createClientSession(a), { interceptors });
    };
    // Refused as unauthenticated: the caller learns nothing about the method's types.
    expect((await failure(client([]).echo({ n: "x" } as never))).code).toBe("unauthenticated");
    const alice = client([bearerToken("alice-token")]);
    expect(await failure(alice.echo({ n: "x" } as never))).toEqual({
      code: "invalid_argument",
      message: "req.n: expected number, got string",
    });
    expect(await alice.echo({ n: 7 })).toBe(7);
  });

  it("refuse an unknown token with unauthenticated, never echoing it", async () => {
    const { client } = connect([bearerToken("mallory-token")]);
    const { code, message } = await failure(client.whoami(null));
    expect(code).toBe("unauthenticated");
    expect(message).toBe("the bearer token was refused");
  });

  it("refuse an authorization value that is not a bearer token", async () => {
    const { client } = connect([]);
    const basic = { metadata: { authorization: "Basic YWxpY2U6cHc=" } };
    expect(await failure(client.whoami(null, basic))).toEqual({
      code: "unauthenticated",
      message: 'authorization metadata must be "Bearer <token>"',
    });
  });

  it("refuse an authorization value that is not a string, as a hostile peer may send", async () => {
    const { client } = connect([]);
    const forged = { metadata: { authorization: ["Bearer root-token"] as unknown as string } };
    expect(await failure(client.whoami(null, forged))).toEqual({
      code: "unauthenticated",
      message: 'authorization metadata must be "Bearer <token>"',
    });
  });

  it("apply per-method rules: permission_denied for a caller a rule refuses", async () => {
    const alice = connect([bearerToken("alice-token")]).client;
    expect(await failure(alice.admin(null))).toEqual({
      code: "permission_denied",
      message: "the caller may not call AuthService/admin",
    });
    const root = connect([bearerToken("root-token")]).client;
    expect((await root.admin(null)).name).toBe("root");
  });

  it("let anyone call a public method, with the identity set when credentials came", async () => {
    expect((await connect([]).client.open(null)).name).toBeNull();
    expect((await connect([bearerToken("alice-token")]).client.open(null)).name).toBe("alice");
    // Refused credentials are not needed for a public method.
    expect((await connect([bearerToken("wrong")]).client.open(null)).name).toBeNull();
  });

  it("check server streams before the first item", async () => {
    const { client } = connect([]);
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of client.feed({ n: 3 })) items.push(item);
    })().catch((e: unknown) => e);
    expect(items).toEqual([]);
    expect(error).toMatchObject({ code: "unauthenticated" });
    const ok = connect([bearerToken("alice-token")]).client;
    const names: (string | null)[] = [];
    for await (const item of ok.feed({ n: 3 })) names.push(item.name);
    expect(names).toEqual(["alice", "alice", "alice"]);
  });

  it("put the identity in the context of the interceptors after it", async () => {
    const seen: unknown[] = [];
    const { client } = connect(
      [bearerToken("root-token")],
      [
        async (ctx, next) => {
          seen.push(ctx.identity);
          await next();
        },
      ],
    );
    await client.whoami(null);
    expect(seen).toEqual([{ name: "root", admin: true }]);
  });

  it("keep metadata authorization a call sets itself", async () => {
    const { client } = connect([bearerToken("alice-token")]);
    const root = { metadata: { authorization: "Bearer root-token" } };
    expect((await client.whoami(null, root)).name).toBe("root");
  });

  it("fail the call unauthenticated, before sending, when the token source fails or gives a bad token", async () => {
    const failing = connect([
      bearerToken(() => {
        throw new Error("token endpoint down");
      }),
    ]).client;
    expect(await failure(failing.whoami(null))).toEqual({
      code: "unauthenticated",
      message: "the bearer token source failed: token endpoint down",
    });
    const injected = connect([bearerToken(async () => "abc\r\nx-admin: 1")]).client;
    expect((await failure(injected.whoami(null))).code).toBe("unauthenticated");
    expect(() => bearerToken("has space")).toThrow("characters a token may not have");
  });

  it("pass an RpcError from verifyToken through, and report other throws as internal", async () => {
    const make = (verifyToken: (token: string) => never) => {
      const auth = bearerAuth({ verifyToken });
      const errors: unknown[] = [];
      const server = createServer({
        interceptors: [auth.interceptor],
        onHandlerError: (error) => errors.push(error),
      }).add(AuthService, authServiceImpl(testAuth()));
      const [a, b] = createMemoryChannelPair();
      server.serve(b);
      const client = createClient(AuthService, createClientSession(a), {
        interceptors: [bearerToken("t")],
      });
      return { client, errors };
    };
    const expired = make(() => {
      throw new RpcError("unauthenticated", "token expired at 12:00");
    });
    expect(await failure(expired.client.whoami(null))).toEqual({
      code: "unauthenticated",
      message: "token expired at 12:00",
    });
    const broken = make(() => {
      throw new Error("database down");
    });
    expect((await failure(broken.client.whoami(null))).code).toBe("internal");
    expect(broken.errors).toEqual([new Error("database down")]);
  });

  it("refuse options that cannot work, at startup", () => {
    expect(() => bearerAuth({})).toThrow("bearerAuth needs verifyToken, verifyCertificate or both");
    expect(() =>
      bearerAuth({ verifyToken: () => 1, rules: { "AuthService.admin": "public" } }),
    ).toThrow('auth rule key "AuthService.admin" must be "Service/method", "Service/*" or "*"');
    expect(() =>
      bearerAuth({ verifyToken: () => 1, rules: { "*": "anyone" as unknown as "public" } }),
    ).toThrow('auth rule for * must be "public", "authenticated" or a function, got "anyone"');
  });

  it("choose the most specific rule: method, then Service/*, then *", async () => {
    const auth = bearerAuth<string>({
      verifyToken: (token) => token,
      rules: {
        "*": () => false,
        "AuthService/*": (name) => name === "svc",
        "AuthService/open": "public",
      },
    });
    const server = createServer({ interceptors: [auth.interceptor] }).add(
      AuthService,
      authServiceImpl(testAuth()),
    );
    const [a, b] = createMemoryChannelPair();
    server.serve(b);
    const session = createClientSession(a);
    const as = (token: string) =>
      createClient(AuthService, session, { interceptors: [bearerToken(token)] });
    expect((await failure(as("other").whoami(null))).code).toBe("permission_denied");
    await expect(as("svc").whoami(null)).resolves.toBeDefined();
    await expect(createClient(AuthService, session).open(null)).resolves.toBeDefined();
  });
});
