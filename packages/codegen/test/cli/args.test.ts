import { describe, expect, test } from "vitest";
import { describeArgsError, parseCommandArgs } from "../../src/cli/args.js";

const specs = {
  out: { type: "string", short: "o", value: "<dir>" },
  watch: { type: "boolean", short: "w" },
  help: { type: "boolean", short: "h" },
} as const;

describe("parseCommandArgs", () => {
  test("takes options and positionals in any order, in every spelling", () => {
    for (const args of [
      ["a.ts", "--out", "gen", "b.ts", "--watch"],
      ["--out=gen", "-w", "a.ts", "b.ts"],
      ["-w", "-o", "gen", "a.ts", "b.ts"],
      ["-ogen", "a.ts", "-w", "b.ts"],
      ["-wo", "gen", "a.ts", "b.ts"],
    ]) {
      expect(parseCommandArgs(args, specs), args.join(" ")).toEqual({
        ok: true,
        values: { out: "gen", watch: true },
        positionals: ["a.ts", "b.ts"],
      });
    }
  });

  test("everything after -- is a positional; a lone - is one too", () => {
    expect(parseCommandArgs(["-", "--", "--out", "-w"], specs)).toEqual({
      ok: true,
      values: {},
      positionals: ["-", "--out", "-w"],
    });
  });

  test("reports each mistake as data", () => {
    expect(parseCommandArgs(["--outdir", "x"], specs)).toEqual({
      ok: false,
      error: { code: "unknown-option", option: "--outdir" },
    });
    expect(parseCommandArgs(["-wx"], specs)).toEqual({
      ok: false,
      error: { code: "unknown-option", option: "-x" },
    });
    expect(parseCommandArgs(["-o"], specs)).toEqual({
      ok: false,
      error: { code: "missing-value", option: "--out", value: "<dir>" },
    });
    expect(parseCommandArgs(["--help=1"], specs)).toEqual({
      ok: false,
      error: { code: "unexpected-value", option: "--help", given: "1" },
    });
    expect(parseCommandArgs(["-o", "a", "-ob"], specs)).toEqual({
      ok: false,
      error: { code: "repeated-option", option: "--out" },
    });
  });

  test("an inherited property name is not an option", () => {
    expect(parseCommandArgs(["--toString"], specs)).toMatchObject({
      ok: false,
      error: { code: "unknown-option", option: "--toString" },
    });
  });
});

test("describeArgsError words each error for the command", () => {
  expect(describeArgsError({ code: "unknown-option", option: "--x" }, "rpcgen init")).toBe(
    'unknown option --x for "rpcgen init"',
  );
  expect(
    describeArgsError(
      { code: "missing-value", option: "--out", value: "<file>" },
      "rpcgen skeleton",
    ),
  ).toBe("--out needs a value: --out <file>");
});
