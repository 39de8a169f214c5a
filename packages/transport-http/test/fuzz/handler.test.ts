import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import {
  type ClientOf,
  createClient,
  isRpcCode,
  msgpackCodec,
  type RpcCode,
  type ServiceOf,
} from "@rpcgen/runtime";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { TestService } from "../../../runtime/test/fixtures/echo-service.js";
import { jsonData } from "../../../runtime/test/fuzz/arbitraries.js";
import { checkProperty } from "../../../runtime/test/fuzz/budget.js";
import { httpTransport } from "../../src/node.js";
import { httpStatusOf } from "../../src/protocol.js";
import type { HttpListener } from "../../src/server.js";
import { startLocal } from "../fixtures/local.js";

// Random HTTP requests, written on raw sockets so that malformed HTTP reaches node:http's parser
// too, against one listener with small limits. Every request must get an answer at once (never
// a timeout), every rpcgen error must carry a known code with the status the code maps to, and
// the server must keep serving a well-behaved client.

const maxFrameBytes = 16 * 1024;
let listener: HttpListener;
let bystander: ClientOf<ServiceOf<typeof TestService>>;
let closeBystander: () => Promise<void>;

// Anything that escapes the server as an exception or an unhandled rejection lands here.
const escaped: unknown[] = [];
const onEscape = (error: unknown): void => {
  escaped.push(error);
};

beforeAll(async () => {
  process.on("uncaughtException", onEscape);
  process.on("unhandledRejection", onEscape);
  listener = await startLocal(
    // Generous next to a request on loopback: a 408 means the server waited for nothing.
    { prefix: "/rpc", timeouts: { headersMs: 2000, requestMs: 4000 } },
    { limits: { maxFrameBytes, maxConcurrentCalls: 8 } },
  );
  const transport = httpTransport(listener.url);
  bystander = createClient(TestService, transport);
  closeBystander = () => transport.close();
});

afterAll(async () => {
  process.off("uncaughtException", onEscape);
  process.off("unhandledRejection", onEscape);
  await closeBystander();
  await listener.close({ graceMs: 100 });
});

/** One request, as JSON-safe data so that a failing one can be kept as a regression case. */
interface HttpCase {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The body's bytes as a latin1 string. */
  readonly body: string;
  readonly framing: "length" | "chunked" | "none";
}

const segment = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "TestService",
      "echo",
      "count",
      "echoBytes",
      "headers",
      "sum",
      "Nope",
      "%2F",
      "%2f",
      "%",
      "%zz",
      "%C3%A9",
      "..",
      "",
      "__proto__",
      "constructor",
      "TestService%2Fecho",
      "echo?x=1",
      "rpc",
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

const target = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("/rpc/TestService/echo", "/rpc/TestService/count") },
  {
    weight: 2,
    arbitrary: fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/rpc/${s.join("/")}`),
  },
  { weight: 1, arbitrary: fc.array(segment, { maxLength: 4 }).map((s) => `/${s.join("/")}`) },
);

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/msgpack",
  "application/x-msgpack",
  "APPLICATION/JSON",
  "text/plain",
  "application/json, application/msgpack",
  "",
);

const header = fc.oneof(
  { weight: 3, arbitrary: contentType.map((v) => ["content-type", v] as const) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom("0", "1", "50", "-1", "1e3", "999999999999999999", "soon", " 10", "")
      .map((v) => ["rpc-timeout-ms", v] as const),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(
      fc.constantFrom(
        "x-meta",
        "authorization",
        "__proto__",
        "constructor",
        "rpc-trailer-x",
        "origin",
        "expect",
        "x-Ünicode",
        "content-encoding",
      ),
      fc.string({ maxLength: 16 }),
    ),
  },
);

const body = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ x: fc.double({ noNaN: true, noDefaultInfinity: true }), y: fc.integer() })
      .map((p) => JSON.stringify(p)),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => JSON.stringify({ n })) },
  { weight: 2, arbitrary: jsonData.map((v) => JSON.stringify(v) ?? "null") },
  {
    weight: 1,
    arbitrary: jsonData.map((v) => Buffer.from(msgpackCodec().encode(v)).toString("latin1")),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 64 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((n) => "[".repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40_000 }).map((n) => " ".repeat(n)) },
);

const httpCase: fc.Arbitrary<HttpCase> = fc.record({
  method: fc.oneof(
    { weight: 6, arbitrary: fc.constant("POST") },
    { weight: 1, arbitrary: fc.constantFrom("GET", "OPTIONS", "PUT", "post", "BREW", "") },
  ),
  target,
  headers: fc.array(header, { maxLength: 4 }),
  body,
  framing: fc.constantFrom("length", "chunked", "none"),
});

/** The request's bytes: a Host, `Connection: close`, the case's headers and framed body. */
function requestBytes(c: HttpCase): Buffer {
  const bodyBytes = Buffer.from(c.body, "latin1");
  const lines = [`${c.method} ${c.target} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close"];
  for (const [name, value] of c.headers) lines.push(`${name}: ${value}`);
  let framed = bodyBytes;
  if (c.framing === "length") lines.push(`Content-Length: ${bodyBytes.length}`);
  if (c.framing === "chunked") {
    lines.push("Transfer-Encoding: chunked");
    framed = Buffer.concat([
      Buffer.from(`${bodyBytes.length.toString(16)}\r\n`),
      bodyBytes,
      Buffer.from(bodyBytes.length > 0 ? "\r\n0\r\n\r\n" : "\r\n"),
    ]);
  }
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), framed]);
}

/** Writes the request, half-closes, and resolves with everything read until the server closed. */
function exchange(bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: listener.port });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // The server may answer (413, 400) and reset before the client finished writing.
      if (error.code !== "ECONNRESET" && error.code !== "EPIPE") reject(error);
    });
    socket.on("close", () => resolve(Buffer.concat(chunks)));
    socket.end(bytes);
  });
}

/** Statuses an rpcgen error may come with: the code's, or the transport's own for some. */
function statusFits(status: number, code: RpcCode): boolean {
  if (status === httpStatusOf(code)) return true;
  return (
    (status === 413 && code === "resource_exhausted") ||
    (status === 415 && code === "invalid_argument") ||
    (status === 405 && code === "unimplemented")
  );
}

const regressionFile = fileURLToPath(new URL("./regressions/handler.json", import.meta.url));

test("the HTTP handler answers any request at once, with a known code, and keeps serving", async () => {
  let cases = 0;
  await checkProperty(
    "http-handler",
    httpCase,
    async (c) => {
      cases += 1;
      const response = (await exchange(requestBytes(c))).toString("latin1");
      const head = /^HTTP\/1\.1 (\d{3}) /.exec(response);
      // node:http may hang up on bytes it cannot parse at all; anything it answers is HTTP.
      if (response !== "") expect(head).not.toBeNull();
      const status = Number(head?.[1] ?? 0);
      // A complete request never waits for a timeout, and nothing is an internal error but
      // the fixture's `count` handler throwing on a request it has no decoder to refuse.
      expect(status).not.toBe(408);
      const undecoded = c.target.startsWith("/rpc/TestService/count");
      expect(status < 500 || status === 504 || (status === 500 && undecoded)).toBe(true);
      const split = response.indexOf("\r\n\r\n");
      const headers = response.slice(0, split).toLowerCase();
      const payload = response.slice(split + 4);
      if (status >= 400 && headers.includes("content-type: application/json")) {
        const error = JSON.parse(Buffer.from(payload, "latin1").toString("utf8")) as {
          code: unknown;
          message: unknown;
        };
        expect(isRpcCode(error.code)).toBe(true);
        expect(typeof error.message).toBe("string");
        expect(statusFits(status, error.code as RpcCode)).toBe(true);
      }
      expect(escaped).toEqual([]);
      expect(await bystander.echo({ x: cases, y: 0 })).toEqual({ x: cases, y: 0 });
    },
    { budget: { numRuns: 200, timeLimitMs: 3000 }, regressionFile },
  );
  expect(cases).toBeGreaterThan(0);
});
