import { beforeAll, describe, expect, it } from "vitest";
import { profileSchema } from "../fixtures/ir-handwritten/profile.ir.js";
import { codecsOf, expectInvalid, fresh, loadGenerated, methodOf } from "./support.js";

let module: Record<string, unknown>;
beforeAll(async () => {
  module = await loadGenerated(profileSchema, "scalars", "profile.idl.ts");
});

/** A profile as it arrives over JSON. */
const wire = {
  name: "Ada",
  email: "ada@example.com",
  handle: "ada/l",
  age: 36,
  id: "123e4567-e89b-12d3-a456-426614174000",
  born: "1815-12-10T00:00:00.000Z",
  balance: "12345678901234567890",
  avatar: "AQID",
  color: "red",
  level: 1,
  plan: "pro",
  active: true,
  note: null,
  "display-name": "Ada L.",
  meta: { anything: [1, "two"] },
};

const save = () => codecsOf(module, "ProfileService", "save");
const withField = (key: string, value: unknown) => ({ ...fresh(wire), [key]: value });

describe("decoding scalars", () => {
  it("converts ISO dates, decimal bigints and base64 bytes, and keeps the rest", () => {
    const decoded = save().decodeRequest(fresh(wire)) as Record<string, unknown>;
    expect(decoded.born).toEqual(new Date("1815-12-10T00:00:00.000Z"));
    expect(decoded.balance).toBe(12345678901234567890n);
    expect(decoded.avatar).toEqual(new Uint8Array([1, 2, 3]));
    expect(decoded.meta).toEqual({ anything: [1, "two"] });
    expect(decoded.note).toBeNull();
  });

  it("accepts the in-memory forms too (Date, bigint, Uint8Array)", () => {
    const memory = { ...fresh(wire), born: new Date(0), balance: 5n, avatar: new Uint8Array([9]) };
    const decoded = save().decodeRequest(memory) as Record<string, unknown>;
    expect(decoded.born).toEqual(new Date(0));
    expect(decoded.balance).toBe(5n);
  });

  it("names the path and what was found", () => {
    expectInvalid(
      () => save().decodeRequest(withField("age", "36")),
      "profile.age: expected number, got string",
    );
    expectInvalid(
      () => save().decodeRequest(withField("age", Number.NaN)),
      "profile.age: expected number, got NaN",
    );
    expectInvalid(
      () => save().decodeRequest(withField("active", 1)),
      "profile.active: expected boolean, got number",
    );
    expectInvalid(
      () => save().decodeRequest(withField("note", 3)),
      "profile.note: expected string | null, got number",
    );
    expectInvalid(() => save().decodeRequest("profile"), "profile: expected object, got string");
    expectInvalid(() => save().decodeRequest([]), "profile: expected object, got array");
  });

  it("refuses a missing required property as undefined", () => {
    const missing: Record<string, unknown> = fresh(wire);
    delete missing.name;
    expectInvalid(
      () => save().decodeRequest(missing),
      "profile.name: expected string, got undefined",
    );
  });

  it("lets optional properties be absent or undefined, but checks them when present", () => {
    expect(() => save().decodeRequest(withField("nick", undefined))).not.toThrow();
    expect(() => save().decodeRequest(withField("size", undefined))).not.toThrow();
    expectInvalid(
      () => save().decodeRequest(withField("nick", 5)),
      "profile.nick: expected string, got number",
    );
  });

  it("refuses values the runtime helpers cannot convert", () => {
    expectInvalid(
      () => save().decodeRequest(withField("born", "yesterday")),
      'profile.born: expected an ISO 8601 date, got "yesterday"',
    );
    expectInvalid(
      () => save().decodeRequest(withField("balance", 1.5)),
      "profile.balance: expected bigint, got number",
    );
    expectInvalid(
      () => save().decodeRequest(withField("avatar", "not base64!")),
      "profile.avatar: expected bytes (Uint8Array or base64), got string",
    );
  });

  it("shows the offending value for literals and enums", () => {
    expectInvalid(
      () => save().decodeRequest(withField("plan", "ferries")),
      'profile.plan: expected "free" | "pro", got "ferries"',
    );
    expectInvalid(
      () => save().decodeRequest(withField("color", "blue")),
      'profile.color: expected "red" | "green", got "blue"',
    );
    expectInvalid(
      () => save().decodeRequest(withField("level", 2)),
      "profile.level: expected 0 | 1, got 2",
    );
  });

  it("quotes property names that are not identifiers in the path", () => {
    expectInvalid(
      () => save().decodeRequest(withField("display-name", 5)),
      'profile["display-name"]: expected string, got number',
    );
  });
});

describe("constraints from JSDoc tags", () => {
  it("enforces string lengths", () => {
    expectInvalid(
      () => save().decodeRequest(withField("name", "")),
      "profile.name: expected at least 1 character, got 0",
    );
    expectInvalid(
      () => save().decodeRequest(withField("name", "x".repeat(52))),
      "profile.name: expected at most 40 characters, got 52",
    );
  });

  it("enforces patterns and formats, showing the value", () => {
    expectInvalid(
      () => save().decodeRequest(withField("handle", "ABC")),
      'profile.handle: expected a string matching /^[a-z/]+$/u, got "ABC"',
    );
    expectInvalid(
      () => save().decodeRequest(withField("email", "nope")),
      'profile.email: expected an email address, got "nope"',
    );
    expectInvalid(
      () => save().decodeRequest(withField("id", "42")),
      'profile.id: expected a UUID, got "42"',
    );
  });

  it("enforces integer, minimum and maximum", () => {
    expectInvalid(
      () => save().decodeRequest(withField("age", 1.5)),
      "profile.age: expected an integer, got 1.5",
    );
    expectInvalid(
      () => save().decodeRequest(withField("age", -1)),
      "profile.age: expected at least 0, got -1",
    );
    expectInvalid(
      () => save().decodeRequest(withField("age", 151)),
      "profile.age: expected at most 150, got 151",
    );
  });

  it("truncates long strings it shows", () => {
    expectInvalid(
      () => save().decodeRequest(withField("email", "a".repeat(100))),
      `profile.email: expected an email address, got "${"a".repeat(40)}..."`,
    );
  });
});

describe("unknown and dangerous properties", () => {
  it("drops properties the type does not declare", () => {
    const decoded = save().decodeRequest(withField("extra", 1)) as Record<string, unknown>;
    expect(Object.hasOwn(decoded, "extra")).toBe(false);
    expect(Object.keys(decoded)).toContain("display-name");
  });

  it("drops an own __proto__ key without touching any prototype", () => {
    const hostile = JSON.parse(
      `{"__proto__": {"polluted": true}, ${JSON.stringify(wire).slice(1)}`,
    );
    const decoded = save().decodeRequest(hostile) as Record<string, unknown>;
    expect(Object.hasOwn(decoded, "__proto__")).toBe(false);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads a declared property named like an Object.prototype member as an own property", () => {
    expect(() => save().decodeRequest(fresh(wire))).not.toThrow();
    const decoded = save().decodeRequest(withField("constructor", "me")) as Record<string, unknown>;
    expect(decoded.constructor).toBe("me");
    expectInvalid(
      () => save().decodeRequest(withField("constructor", 5)),
      "profile.constructor: expected string, got number",
    );
  });
});

describe("method messages", () => {
  it("decodes a request of several parameters as an object keyed by name", () => {
    const { decodeRequest } = codecsOf(module, "ProfileService", "rename");
    expect(decodeRequest({ id: "a", name: "b", other: 1 })).toEqual({ id: "a", name: "b" });
    expect(decodeRequest({ id: "a" })).toEqual({ id: "a" });
    expectInvalid(() => decodeRequest({ id: 1 }), "id: expected string, got number");
    expectInvalid(() => decodeRequest({ id: "a", name: 2 }), "name: expected string, got number");
    expectInvalid(() => decodeRequest("a"), "request: expected object, got string");
  });

  it("decodes a request of no parameters as an empty object", () => {
    const { decodeRequest } = codecsOf(module, "ProfileService", "ping");
    expect(decodeRequest({ stray: true })).toEqual({});
  });

  it("decodes a Promise<void> response from undefined or null to undefined", () => {
    const { decodeResponse } = codecsOf(module, "ProfileService", "ping");
    expect(decodeResponse(undefined)).toBeUndefined();
    expect(decodeResponse(null)).toBeUndefined();
    expectInvalid(() => decodeResponse(0), "response: expected undefined, got number");
  });

  it("decodes primitive messages with the parameter name, and responses as `response`", () => {
    const { decodeRequest, decodeResponse } = codecsOf(module, "ProfileService", "count");
    expect(decodeRequest(3)).toBe(3);
    expectInvalid(() => decodeRequest("3"), "n: expected number, got string");
    expect(decodeResponse("42")).toBe(42n);
    expectInvalid(() => decodeResponse({}), "response: expected bigint, got object");
  });

  it("lists parameter names and leaves out encoders where nothing needs encoding", () => {
    expect(methodOf(module, "ProfileService", "rename").params).toEqual(["id", "name"]);
    expect(methodOf(module, "ProfileService", "ping").params).toEqual([]);
    const save = methodOf(module, "ProfileService", "save");
    expect(save.params).toEqual(["profile"]);
    expect("encodeRequest" in save || "encodeResponse" in save).toBe(false);
  });
});
