/** The small parts of `rpcgen call` that need no server: command words, durations, options. */
import { readFileSync } from "node:fs";
import { RpcError } from "@rpcgen/runtime";
import { describe, expect, test } from "vitest";
import { checkSchema } from "../../src/call/check-schema.js";
import { splitCommand } from "../../src/call/command-words.js";
import { describeService } from "../../src/call/describe.js";
import { jsonText } from "../../src/call/json-text.js";
import { openTarget } from "../../src/call/target.js";
import { parseCommandArgs } from "../../src/cli/args.js";
import { failureText, parseDuration } from "../../src/cli/call-command.js";
import type { Schema } from "../../src/ir/schema.js";

describe("stdio: command words", () => {
  test("split as a shell would, JSON-quoted words as spawnStdio prints them", () => {
    expect(splitCommand("node server.js --port 0")).toEqual(["node", "server.js", "--port", "0"]);
    expect(splitCommand(' "/opt/my app/node"  \'a b\' x\\ y "say \\"hi\\""')).toEqual([
      "/opt/my app/node",
      "a b",
      "x y",
      'say "hi"',
    ]);
    expect(splitCommand('node "unclosed')).toBe('unclosed " at column 6');
  });
});

test("durations: ms, s, m, or bare milliseconds", () => {
  expect([
    parseDuration("250"),
    parseDuration("500ms"),
    parseDuration("1.5s"),
    parseDuration("2m"),
  ]).toEqual([250, 500, 1500, 120_000]);
  expect(parseDuration("soon")).toBeNull();
});

test("a multiple option collects every value in order; others refuse a repeat", () => {
  const specs = {
    metadata: { type: "string", multiple: true },
    format: { type: "string" },
  } as const;
  const parsed = parseCommandArgs(["--metadata", "a=1", "--metadata=b=2", "x"], specs);
  expect(parsed).toEqual({ ok: true, values: { metadata: ["a=1", "b=2"] }, positionals: ["x"] });
  expect(parseCommandArgs(["--format", "a", "--format", "b"], specs)).toMatchObject({
    ok: false,
    error: { code: "repeated-option" },
  });
});

test("printed values take the JSON codec's wire forms", () => {
  const value = {
    at: new Date(Date.UTC(2030, 0, 1)),
    big: 12345678901234567890n,
    bytes: new Uint8Array([1, 2, 3]),
    map: new Map([["a", 1]]),
    set: new Set([1, 2]),
  };
  expect(jsonText(value, "json")).toBe(
    '{"at":"2030-01-01T00:00:00.000Z","big":"12345678901234567890","bytes":"AQID","map":[["a",1]],"set":[1,2]}',
  );
  expect(jsonText(undefined, "pretty")).toBe("null");
});

test("a target with an unknown scheme names the ones there are", async () => {
  await expect(openTarget("ftp://example.com")).rejects.toThrow(
    'unknown target "ftp://example.com": expected one of tcp://, unix:, tls://, http(s)://, ws(s)://, nats://, stdio:<command>',
  );
  await expect(openTarget("stdio:")).rejects.toThrow("stdio: needs a command to run");
});

test("a declared error prints its type and details after its code and message", () => {
  expect(failureText(new RpcError("not_found", "no ride 42"))).toBe("not_found: no ride 42");
  const declared = new RpcError("out_of_range", "from is off the map", {
    type: "OutOfArea",
    details: { point: "from", when: new Date("2024-01-02T00:00:00.000Z") },
  });
  expect(failureText(declared)).toBe(
    'out_of_range: from is off the map\n  OutOfArea {"point":"from","when":"2024-01-02T00:00:00.000Z"}',
  );
});

test("--describe shows declared errors as the IDL writes them", () => {
  const schema = JSON.parse(
    readFileSync(new URL("../fixtures/gen/errors.schema.json", import.meta.url), "utf8"),
  ) as Schema;
  const service = schema.services.find((s) => s.name === "ErrorService")!;
  const text = describeService(schema, service);
  expect(text).toContain(
    "  /**\n   * The fastest route.\n   * @throws {OutOfArea | Unreachable}\n   */\n  route(from: LatLon, to: LatLon): Promise<Route>;",
  );
  expect(text).toContain(
    '/** A point lies outside the map area. */\ninterface OutOfArea {\n  code: "out_of_range";\n  /** Which end of the request. */\n  point: "from" | "to";',
  );
  expect(text).toContain('interface QuotaExhausted {\n  code: "resource_exhausted";');
});

test("a schema's declared errors are checked like the rest of it", () => {
  const text = readFileSync(new URL("../fixtures/gen/errors.schema.json", import.meta.url), "utf8");
  const schema = JSON.parse(text) as Schema;
  expect(checkSchema(schema)).toEqual(schema);
  const { errors: _, ...withoutErrors } = schema;
  expect(checkSchema(withoutErrors)).toBe(
    'services[0].methods[0].errors[0]: "OutOfArea" is not an error of the schema',
  );
  const badCode = JSON.parse(text.replace('"code": "aborted"', '"code": "nope"')) as unknown;
  expect(checkSchema(badCode)).toBe('errors["Conflicts"].code: expected an RpcCode');
});
