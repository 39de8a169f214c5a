import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpListener } from "../src/server.js";
import { rawRequest, startLocal } from "./fixtures/local.js";

describe("CORS", () => {
  let listener: HttpListener;
  beforeAll(async () => {
    listener = await startLocal({
      prefix: "/rpc",
      cors: { origin: ["https://app.example"], credentials: true },
    });
  });
  afterAll(() => listener.close({ graceMs: 100 }));

  it("answers a preflight from an allowed origin, reflecting the requested headers", async () => {
    const res = await rawRequest(`${listener.url}/TestService/headers`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, x-request, rpc-timeout-ms",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(res.headers["access-control-allow-methods"]).toBe("POST");
    expect(res.headers["access-control-allow-headers"]).toBe(
      "content-type, x-request, rpc-timeout-ms",
    );
    expect(res.headers["access-control-allow-credentials"]).toBe("true");
    expect(res.headers.vary).toContain("Origin");
  });

  it("refuses a preflight from another origin", async () => {
    const res = await rawRequest(`${listener.url}/TestService/headers`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(403);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("exposes the call's response headers and trailers to the allowed origin", async () => {
    const res = await rawRequest(`${listener.url}/TestService/headers`, {
      headers: {
        origin: "https://app.example",
        "content-type": "application/json",
        "x-request": "cors",
      },
      body: "null",
    });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(res.headers["access-control-expose-headers"]).toBe("x-echo, rpc-trailer-x-trailer");
    expect(res.headers["x-echo"]).toBe("cors");
  });

  it("sends no CORS headers to an origin that is not allowed", async () => {
    const res = await rawRequest(`${listener.url}/TestService/empty`, {
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
