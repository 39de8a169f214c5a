import { createServer } from "@rpcgen/runtime";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AuthService, authServiceImpl, testAuth } from "../../runtime/test/auth-service.js";
import { type HttpListener, listenHttp } from "../src/server.js";
import { rawRequest } from "./fixtures/local.js";

// What a client that is not rpcgen's (curl, another language) sees of bearerAuth over HTTP.
let listener: HttpListener;

beforeAll(async () => {
  const auth = testAuth();
  const server = createServer({ interceptors: [auth.interceptor] }).add(
    AuthService,
    authServiceImpl(auth),
  );
  listener = await listenHttp(server);
});

afterAll(() => listener.close({ graceMs: 100 }));

const call = (method: string, headers: Record<string, string> = {}) =>
  rawRequest(`${listener.url}/AuthService/${method}`, {
    headers: { "content-type": "application/json", ...headers },
    body: "null",
  });

it("answers a call without credentials with 401 unauthenticated", async () => {
  const res = await call("whoami");
  expect(res.status).toBe(401);
  expect(JSON.parse(res.body)).toMatchObject({ code: "unauthenticated" });
});

it("answers a call a rule refuses with 403 permission_denied", async () => {
  const res = await call("admin", { authorization: "Bearer alice-token" });
  expect(res.status).toBe(403);
  expect(JSON.parse(res.body)).toEqual({
    code: "permission_denied",
    message: "the caller may not call AuthService/admin",
  });
});

it("serves a call with a good token, the caller's name in the reply", async () => {
  const res = await call("whoami", { authorization: "bearer root-token" });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body)).toEqual({ name: "root", subject: null, fingerprint256: null });
});
