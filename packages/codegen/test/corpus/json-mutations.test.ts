/**
 * The schema-free mutations the corpus feeds TypeScript and the decoders (jsonMutations in
 * test/property/mutate.ts), on a hand-picked value: which changes at which places, and that
 * applying one leaves the original alone.
 */
import { describe, expect, test } from "vitest";
import { applyJsonMutation, jsonMutations, unknownKey } from "../property/mutate.js";

const value = { type: "Point", coordinates: [1, 2], closed: true };

describe("jsonMutations", () => {
  test("lists every change at every place, the place before its contents", () => {
    const lines = jsonMutations(value, "response").map((m) => `${m.kind} ${m.path}`);
    expect(lines).toEqual([
      "wrong-kind response",
      "null response",
      "unknown-key response",
      "empty-object response",
      "delete-key response.type",
      "wrong-kind response.type",
      "null response.type",
      "other-string response.type",
      "delete-key response.coordinates",
      "wrong-kind response.coordinates",
      "null response.coordinates",
      "append-element response.coordinates",
      "remove-element response.coordinates",
      "wrong-kind response.coordinates[0]",
      "null response.coordinates[0]",
      "other-number response.coordinates[0]",
      "wrong-kind response.coordinates[1]",
      "null response.coordinates[1]",
      "other-number response.coordinates[1]",
      "delete-key response.closed",
      "wrong-kind response.closed",
      "null response.closed",
      "flip-boolean response.closed",
    ]);
  });

  test("names keys that are not identifiers as decoders print them", () => {
    const paths = jsonMutations({ "x-github": { "content-type": "a" } }, "op").map((m) => m.path);
    expect(paths).toContain('op["x-github"]["content-type"]');
  });
});

describe("applyJsonMutation", () => {
  const apply = (kind: string, path: string) => {
    const mutation = jsonMutations(value, "v").find((m) => m.kind === kind && m.path === path);
    if (mutation === undefined) throw new Error(`no ${kind} at ${path}`);
    return applyJsonMutation(value, mutation);
  };

  test("changes one place of a copy and leaves the value alone", () => {
    expect(apply("delete-key", "v.type")).toEqual({ coordinates: [1, 2], closed: true });
    expect(apply("append-element", "v.coordinates")).toEqual({ ...value, coordinates: [1, 2, 2] });
    expect(apply("remove-element", "v.coordinates")).toEqual({ ...value, coordinates: [1] });
    expect(apply("unknown-key", "v")).toEqual({ ...value, [unknownKey]: 1 });
    expect(apply("wrong-kind", "v.coordinates[0]")).toEqual({
      ...value,
      coordinates: ["__mutant__", 2],
    });
    expect(apply("flip-boolean", "v.closed")).toEqual({ ...value, closed: false });
    expect(apply("wrong-kind", "v")).toBe(12345);
    expect(value).toEqual({ type: "Point", coordinates: [1, 2], closed: true });
  });
});
