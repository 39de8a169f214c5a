import { request } from "node:http";
import type { Socket } from "node:net";
import { createClient } from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { httpTransport } from "../src/index.js";
import type { HttpListener } from "../src/server.js";
import { rawRequest, startLocal } from "./fixtures/local.js";

const json = { "content-type": "application/json" };

describe("requests the server refuses", () => {
  let listener: HttpListener;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    listener = await startLocal({ prefix: "/rpc" }, { limits: { maxFrameBytes: 64 * 1024 } });
    listener.httpServer.on("connection", (socket: Socket) => sockets.push(socket));
  });
  afterAll(() => listener.close({ graceMs: 100 }));

  it("answers a declared oversized body with 413 before reading it", async () => {
    const res = await rawRequest(`${listener.url}/TestService/echoBytes`, {
      headers: { ...json, "content-length": String(1024 * 1024 * 1024) },
    }).catch((error: unknown) => error);
    // The body never follows: the answer comes from the header alone.
    expect(res).toMatchObject({ status: 413 });
    const body = JSON.parse((res as { body: string }).body) as { code: string; message: string };
    expect(body.code).toBe("resource_exhausted");
    expect(body.message).toContain("maxFrameBytes = 65536");
  });

  it("stops reading a chunked body past the limit and closes the connection", async () => {
    sockets.length = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    const outcome = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${listener.url}/TestService/echo`, { method: "POST", headers: json });
      req.on("response", (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (text: string) => {
          body += text;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      // Keep sending, as an attacker would, until the server has answered or hung up.
      const pump = (): void => {
        while (written < 256 * 1024 * 1024 && !req.destroyed) {
          written += chunk.length;
          if (!req.write(chunk)) {
            req.once("drain", pump);
            return;
          }
        }
      };
      pump();
    });
    expect(outcome.status).toBe(413);
    expect(outcome.body).toContain("maxFrameBytes = 65536");
    // What the server read is bounded by the limit plus socket buffers, not by what was sent.
    const read = Math.max(...sockets.map((s) => s.bytesRead));
    expect(read).toBeLessThan(16 * 1024 * 1024);
    expect(written).toBeGreaterThan(read);
  });

  it("answers 415 naming the accepted content types", async () => {
    const res = await rawRequest(`${listener.url}/TestService/echo`, {
      headers: { "content-type": "text/plain" },
      body: "hello",
    });
    expect(res.status).toBe(415);
    expect(res.body).toContain("application/json or application/msgpack");
    const missing = await rawRequest(`${listener.url}/TestService/echo`, { body: "{}" });
    expect(missing.status).toBe(415);
  });

  it("answers 404 unimplemented naming an unknown method or service", async () => {
    const method = await rawRequest(`${listener.url}/TestService/nope`, {
      headers: json,
      body: "{}",
    });
    expect(method.status).toBe(404);
    expect(JSON.parse(method.body)).toEqual({
      code: "unimplemented",
      message: "unknown method TestService/nope",
    });
    const service = await rawRequest(`${listener.url}/Nope/x`, { headers: json, body: "{}" });
    expect(JSON.parse(service.body)).toMatchObject({ message: "unknown service Nope" });
  });

  it("answers 405 to anything but POST", async () => {
    const res = await rawRequest(`${listener.url}/TestService/echo`, { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("POST");
  });

  it("answers malformed JSON with 400 invalid_argument naming the position", async () => {
    const res = await rawRequest(`${listener.url}/TestService/echo`, {
      headers: json,
      body: '{"x": 1,\n "y": tru}',
    });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body) as { code: string; message: string };
    expect(body.code).toBe("invalid_argument");
    expect(body.message).toMatch(/^malformed JSON at position 18 \(line 2, column 10\)/);
  });

  it("answers a request that fails validation with 400 and the field path", async () => {
    const res = await rawRequest(`${listener.url}/TestService/echo`, {
      headers: json,
      body: '{"x": 1, "y": null}',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({
      code: "invalid_argument",
      message: "req.y: expected number, got null",
    });
  });

  it("answers a malformed deadline header with 400", async () => {
    const res = await rawRequest(`${listener.url}/TestService/echo`, {
      headers: { ...json, "rpc-timeout-ms": "soon" },
      body: '{"x": 1, "y": 2}',
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain("rpc-timeout-ms");
  });

  it("refuses a path that encodes its slash as %2F, which would dodge a proxy's path rules", async () => {
    for (const slash of ["%2F", "%2f"]) {
      const res = await rawRequest(`${listener.url}/TestService${slash}echo`, {
        headers: json,
        body: '{"x":1,"y":2}',
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({
        code: "invalid_argument",
        message: `the path encodes "/" as %2F: write /<Service>/<method> with a plain "/", got /TestService${slash}echo`,
      });
    }
  });

  it("refuses a query string instead of ignoring it", async () => {
    const res = await rawRequest(`${listener.url}/TestService/echo?admin=1`, {
      headers: json,
      body: '{"x":1,"y":2}',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      code: "invalid_argument",
      message:
        "rpcgen calls take no query string: POST to /<Service>/<method> alone, got /TestService/echo?admin=1",
    });
  });

  it("decodes other escapes in the path, so a plain path and its encoding are one method", async () => {
    const res = await rawRequest(`${listener.url}/TestService/%65cho`, {
      headers: json,
      body: '{"x":1,"y":2}',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ x: 1, y: 2 });
  });

  it("answers 404 outside the prefix", async () => {
    const res = await rawRequest(`${listener.url.replace("/rpc", "")}/elsewhere`, { body: "" });
    expect(res.status).toBe(404);
  });

  it("keeps serving a good call while a malicious request is refused", async () => {
    const client = createClient(TestService, httpTransport(listener.url));
    const good = client.sleep({ ms: 200 });
    const bad = Promise.all([
      rawRequest(`${listener.url}/TestService/echo`, {
        headers: { ...json, "content-length": "999999999" },
      }).catch(() => undefined),
      rawRequest(`${listener.url}/TestService/echo`, { headers: json, body: "[[[[[[" }),
      rawRequest(`${listener.url}/TestService/echo`, {
        headers: json,
        body: '{"__proto__": {"x": 1}, "x": 1, "y": 2}',
      }),
    ]);
    const [, nested, proto] = await bad;
    expect(nested?.status).toBe(400);
    expect(proto?.status).toBe(400);
    expect(await good).toBe("woke");
    expect(await client.echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  });
});
