import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needs } from "../../runtime/test/support/external.js";
import type { HttpListener } from "../src/server.js";
import { startLocal } from "./fixtures/local.js";

const run = promisify(execFile);

/** curl's output for a JSON POST to `method` of the test service, with the status last. */
async function post(url: string, body: string, ...flags: string[]): Promise<string> {
  const { stdout } = await run("curl", [
    "-sS",
    ...flags,
    "-d",
    body,
    "-H",
    "content-type: application/json",
    url,
  ]);
  return stdout;
}

describe.runIf(await needs("curl", "curl tests"))("declared errors seen by curl", () => {
  let listener: HttpListener;
  beforeAll(async () => {
    listener = await startLocal({ prefix: "/rpc" });
  });
  afterAll(() => listener.close({ graceMs: 100 }));

  it("a declared error is the status of its code with type and details in the body", async () => {
    const stdout = await post(
      `${listener.url}/TestService/route`,
      '{"raise": "OutOfArea"}',
      "-w",
      "\n%{http_code}",
    );
    const [body, status] = stdout.split("\n");
    expect(status).toBe("400");
    expect(body).toBe(
      '{"code":"out_of_range","message":"OutOfArea","type":"OutOfArea","details":{"point":"from","bounds":{"south":47.3,"west":8.4,"north":47.5,"east":8.7}}}',
    );
  });

  it("a stream failing with a declared error ends with it, details in wire form", async () => {
    const stdout = await post(
      `${listener.url}/TestService/routeStream`,
      '{"raise": "Unreachable", "after": 2}',
      "--no-buffer",
    );
    expect(stdout.trimEnd().split("\n")).toEqual([
      '{"message":0}',
      '{"message":1}',
      '{"end":true,"error":{"code":"failed_precondition","message":"no open road from A to B","type":"Unreachable","details":{"closedRoads":["A1","B2"],"checkedAt":"2026-01-02T03:04:05.000Z"}}}',
    ]);
  });

  it("details that fail the server's check are a 500 internal naming the field", async () => {
    const stdout = await post(
      `${listener.url}/TestService/route`,
      '{"raise": "badDetails"}',
      "-w",
      "\n%{http_code}",
    );
    const [body, status] = stdout.split("\n");
    expect(status).toBe("500");
    expect(JSON.parse(body!)).toEqual({
      code: "internal",
      message:
        'TestService/route raised OutOfArea with invalid details: details.point: expected "from" | "to", got "x"',
    });
  });
});
