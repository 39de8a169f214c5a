import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needs } from "../../runtime/test/support/external.js";
import type { HttpListener } from "../src/server.js";
import { startLocal } from "./fixtures/local.js";

const run = promisify(execFile);

describe.runIf(await needs("curl", "curl tests"))("the real curl binary", () => {
  let listener: HttpListener;
  beforeAll(async () => {
    listener = await startLocal({ prefix: "/rpc" });
  });
  afterAll(() => listener.close({ graceMs: 100 }));

  it("calls a unary method with a JSON body and reads a JSON result", async () => {
    const { stdout } = await run("curl", [
      "-sS",
      "-d",
      '{"x": 1.5, "y": -2}',
      "-H",
      "content-type: application/json",
      `${listener.url}/TestService/echo`,
    ]);
    expect(JSON.parse(stdout)).toEqual({ x: 1.5, y: -2 });
  });

  it("sees a failed call as an HTTP status with a {code, message} body", async () => {
    const { stdout } = await run("curl", [
      "-sS",
      "-w",
      "\n%{http_code}",
      "-d",
      '{"x": "1", "y": 2}',
      "-H",
      "content-type: application/json",
      `${listener.url}/TestService/echo`,
    ]);
    const [body, status] = stdout.split("\n");
    expect(status).toBe("400");
    expect(JSON.parse(body!)).toEqual({
      code: "invalid_argument",
      message: "req.x: expected number, got string",
      details: { path: "req.x" },
    });
  });

  it("reads a server stream as newline-delimited JSON ending with a status record", async () => {
    const { stdout } = await run("curl", [
      "-sS",
      "--no-buffer",
      "-d",
      '{"n": 3}',
      "-H",
      "content-type: application/json",
      `${listener.url}/TestService/count`,
    ]);
    const lines = stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([{ message: 0 }, { message: 1 }, { message: 2 }, { end: true }]);
  });

  it("sends metadata as headers and receives trailers as rpc-trailer- headers", async () => {
    const { stdout } = await run("curl", [
      "-sS",
      "-i",
      "-d",
      "null",
      "-H",
      "content-type: application/json",
      "-H",
      "x-request: from-curl",
      `${listener.url}/TestService/headers`,
    ]);
    expect(stdout).toMatch(/^x-echo: from-curl\r$/m);
    expect(stdout).toMatch(/^rpc-trailer-x-trailer: done\r$/m);
    expect(stdout).toContain('"x-request":"from-curl"');
  });
});
