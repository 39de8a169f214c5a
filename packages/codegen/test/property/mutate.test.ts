/**
 * The helpers behind generated-decoders.test.ts, checked on hand-picked values: which places
 * mutate.ts finds, with which wrong values and paths, so the properties are not vacuous.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Schema, TypeNode } from "../../src/ir/schema.js";
import { arbitraryFor } from "./arbitrary.js";
import { difference } from "./equal.js";
import { applyMutation, mutationSites, requestObjectSites, wrongValuesFor } from "./mutate.js";

function schemaOf(name: string): Schema {
  const url = new URL(`../fixtures/gen/${name}.schema.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Schema;
}

const ref = (id: string): TypeNode => ({ kind: "ref", id });

/** `path <- wrong` lines, for readable expectations. */
function lines(sites: ReturnType<typeof mutationSites>): string[] {
  return sites.map((site) => `${site.path} <- ${JSON.stringify(site.wrong)}`);
}

describe("mutationSites", () => {
  test("walks objects, arrays and absent optional properties of a one-parameter request", () => {
    const schema = schemaOf("path");
    const value = { from: { lat: 1, lon: 2 }, to: { lat: 3, lon: 4 }, avoid: ["tolls"] };
    expect(lines(mutationSites(ref("PathRequest"), value, schema, "req"))).toEqual([
      "req <- 12345",
      "req.from <- 12345",
      'req.from.lat <- "__mutant__"',
      'req.from.lon <- "__mutant__"',
      "req.to <- 12345",
      'req.to.lat <- "__mutant__"',
      'req.to.lon <- "__mutant__"',
      "req.avoid <- 12345",
      "req.avoid[0] <- 12345",
    ]);
    const withoutAvoid = { from: value.from, to: value.to };
    expect(lines(mutationSites(ref("PathRequest"), withoutAvoid, schema, "req"))).toContain(
      "req.avoid <- 12345",
    );
  });

  test("roots several parameters at their names, the whole at `request`", () => {
    const schema = schemaOf("imports");
    const params = schema.services[0]!.methods[0]!.params;
    const corner = { latitude: 1, longitude: 2 };
    const sites = requestObjectSites(
      params,
      { bounds: { southWest: corner, northEast: corner } },
      schema,
    );
    expect(lines(sites)).toEqual([
      "request <- 12345",
      "bounds <- 12345",
      "bounds.southWest <- 12345",
      'bounds.southWest.latitude <- "__mutant__"',
      'bounds.southWest.longitude <- "__mutant__"',
      "bounds.northEast <- 12345",
      'bounds.northEast.latitude <- "__mutant__"',
      'bounds.northEast.longitude <- "__mutant__"',
      "unit <- 12345",
    ]);
  });

  test("adds values that break JSDoc constraints", () => {
    const schema = schemaOf("jsdoc");
    const form = {
      username: "bob",
      email: "a@b.co",
      age: 3,
      since: "2020-01-01T00:00:00Z",
      scale: 1,
      retries: 2,
    };
    const found = lines(mutationSites(ref("Signup"), form, schema, "form"));
    expect(found).toEqual(
      expect.arrayContaining([
        'form.username <- "aa"',
        `form.username <- "${"a".repeat(41)}"`,
        'form.username <- "!§ "',
        'form.email <- "not an email"',
        "form.age <- -1",
        "form.age <- 151",
        "form.age <- 0.5",
        'form.invite <- "not-a-uuid"',
        'form.homepage <- "not a uri"',
        'form.since <- "yesterday"',
        "form.scale <- -0.5",
        "form.scale <- 3",
        "form.retries <- 0.5",
      ]),
    );
  });

  test("enters Map pairs, Set members, records, index signatures and tuple elements", () => {
    const schema = schemaOf("collections");
    const value = {
      labelled: [1, 2],
      byName: [["a", 1]],
      tags: ["x"],
      counts: { n: 1 },
      headers: { contentType: "text/plain", "x-extra": "1" },
    };
    const found = lines(mutationSites(ref("Collections"), value, schema, "value"));
    expect(found).toEqual(
      expect.arrayContaining([
        'value.labelled[1] <- "__mutant__"',
        // The next optional element can be added, and null is no wrong value there.
        'value.labelled[2] <- "__mutant__"',
        "value.byName[0] <- 12345",
        "value.byName[0][0] <- 12345",
        'value.byName[0][1] <- "__mutant__"',
        "value.tags[0] <- 12345",
        'value.counts["n"] <- "__mutant__"',
        "value.headers.contentType <- 12345",
        'value.headers["x-extra"] <- 12345',
      ]),
    );
    expect(found.filter((line) => line.startsWith("value.labelled[2]"))).toEqual([
      'value.labelled[2] <- "__mutant__"',
    ]);
  });

  test("enters the member a discriminated union's tag selects, and the only member that fits", () => {
    const schema = schemaOf("unions");
    const shape = { kind: "circle", radius: 1 };
    expect(lines(mutationSites(ref("Shape"), shape, schema, "shape"))).toEqual([
      "shape <- 12345",
      "shape.kind <- 12345",
      'shape.radius <- "__mutant__"',
    ]);
    const nullable: TypeNode = { kind: "union", members: [ref("Shape"), { kind: "null" }] };
    expect(lines(mutationSites(nullable, shape, schema, "response"))).toEqual([
      "response <- 12345",
      "response.kind <- 12345",
      'response.radius <- "__mutant__"',
    ]);
  });

  test("does not enter a union whose members could both claim the value", () => {
    const schema = schemaOf("unions");
    expect(lines(mutationSites(ref("Loose"), { id: "a", a: 1 }, schema, "loose"))).toEqual([
      "loose <- 12345",
    ]);
  });

  test("finds no wrong value where anything goes, and skips null where null means absent", () => {
    expect(wrongValuesFor({ kind: "unknown" }, schemaOf("primitives"))).toEqual([]);
    expect(wrongValuesFor(ref("Json"), schemaOf("recursive"))).toEqual([]);
    const mixed: TypeNode = {
      kind: "union",
      members: [{ kind: "string" }, { kind: "number" }, { kind: "boolean" }],
    };
    expect(wrongValuesFor(mixed, schemaOf("unions"))).toEqual([null]);
    expect(wrongValuesFor(mixed, schemaOf("unions"), { nullAccepted: true })).toEqual([]);
  });
});

test("applyMutation changes a copy, never the original", () => {
  const original = { path: [{ lat: 1, lon: 2 }] };
  const mutated = applyMutation(original, {
    segments: ["path", 0, "lat"],
    path: "response.path[0].lat",
    wrong: "x",
  });
  expect(mutated).toEqual({ path: [{ lat: "x", lon: 2 }] });
  expect(original).toEqual({ path: [{ lat: 1, lon: 2 }] });
});

describe("arbitraryFor", () => {
  test("keeps to JSDoc constraints, as the decoders read them", () => {
    const schema = schemaOf("jsdoc");
    const samples = fc.sample(arbitraryFor(ref("Signup"), schema), 50) as Record<string, unknown>[];
    for (const form of samples) {
      expect(form.username).toMatch(/^[a-z0-9_]{3,40}$/u);
      expect(Number.isInteger(form.age) && (form.age as number) >= 0).toBe(true);
      expect(form.scale as number).toBeGreaterThanOrEqual(0.5);
      expect(form.scale as number).toBeLessThanOrEqual(2);
      expect(Number.isInteger(form.retries)).toBe(true);
    }
  });

  test("offers infinities only when not asked for finite numbers", () => {
    const node: TypeNode = { kind: "number" };
    const schema = schemaOf("path");
    const finite = fc.sample(arbitraryFor(node, schema, { finite: true }), 500) as number[];
    expect(finite.every(Number.isFinite)).toBe(true);
    const any = fc.sample(arbitraryFor(node, schema), 2000) as number[];
    expect(any.some((n) => !Number.isFinite(n))).toBe(true);
    expect(any.some((n) => Number.isNaN(n))).toBe(false);
  });
});

describe("difference", () => {
  test("tells -0 from 0, bytes views from plain bytes and data from classes", () => {
    expect(difference(-0, 0)).toBe("$: got -0, expected 0");
    expect(difference(Buffer.from([1]), new Uint8Array([1]))).toMatch(/got a Buffer/);
    expect(difference({ constructor: {} }, { constructor: {} })).toBeUndefined();
    expect(difference({ a: undefined }, {})).toMatch(/keys/);
    expect(difference(new Map([[1, "a"]]), new Map([[1, "b"]]))).toBe(
      '$[0][1]: got "a", expected "b"',
    );
  });
});
