/** The small parts of `rpcgen call` that need no server: command words, durations, options. */
import { describe, expect, test } from "vitest";
import { splitCommand } from "../../src/call/command-words.js";
import { jsonText } from "../../src/call/json-text.js";
import { openTarget } from "../../src/call/target.js";
import { parseCommandArgs } from "../../src/cli/args.js";
import { parseDuration } from "../../src/cli/call-command.js";

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
