import { describe, expect, test } from "vitest";
import type { Method } from "../../src/ir/schema.js";
import { analyzeFixtures, analyzeSources, schemaOf } from "./helpers.js";

describe("method shapes", () => {
  const schema = schemaOf(analyzeFixtures("streams.ts"), "streams.ts");
  const method = (name: string): Method => {
    const found = schema.services[0]?.methods.find((m) => m.name === name);
    if (found === undefined) throw new Error(`no method ${name}`);
    return found;
  };

  test("Promise<T> is unary, AsyncIterable<T> a server stream", () => {
    expect(method("search").kind).toBe("unary");
    expect(method("watch").kind).toBe("server_stream");
    expect(method("watch").response).toEqual({ kind: "ref", id: "Tick" });
  });

  test("AsyncGenerator and AsyncIterableIterator results are server streams too", () => {
    expect(method("replay").kind).toBe("server_stream");
    expect(method("tail").kind).toBe("server_stream");
  });

  test("an AsyncIterable parameter is a client stream whose param type is the item type", () => {
    expect(method("upload")).toMatchObject({
      kind: "client_stream",
      params: [{ name: "ticks", type: { kind: "ref", id: "Tick" }, optional: false }],
    });
  });

  test("a stream in and a stream out is bidi", () => {
    expect(method("chat")).toMatchObject({
      kind: "bidi",
      params: [{ name: "messages", type: { kind: "string" } }],
      response: { kind: "string" },
    });
  });

  test("Promise<void> and Promise<undefined> respond with undefined", () => {
    expect(method("ping")).toMatchObject({ params: [], response: { kind: "undefined" } });
    expect(method("flush").response).toEqual({ kind: "undefined" });
  });

  test("several parameters keep their order, optional ones their flag, without undefined", () => {
    expect(method("search").params).toEqual([
      { name: "query", type: { kind: "string" }, optional: false },
      { name: "limit", type: { kind: "number" }, optional: true },
      { name: "cursor", type: { kind: "string" }, optional: true },
    ]);
  });

  test("methods carry their JSDoc; a property of function type is a method", () => {
    expect(method("ping").doc).toBe("Unary with no parameters and no result.");
    expect(method("flush").doc).toBe("A property of function type is a method too.");
  });
});

describe("what is a service", () => {
  const schema = schemaOf(analyzeFixtures("services.ts"), "services.ts");

  test("exported method-only interfaces, in source order, re-exports included", () => {
    expect(schema.services.map((s) => s.name)).toEqual(["TickStore", "Second", "Streams"]);
  });

  test("a service extending a generic interface gets its methods instantiated", () => {
    const store = schema.services[0];
    expect(store?.methods.map((m) => m.name)).toEqual(["clear", "get", "put"]);
    expect(store?.methods[1]?.response).toEqual({ kind: "ref", id: "Tick" });
  });

  test("an interface mixing data and methods is not a service", () => {
    expect(schema.services.some((s) => s.name === "Mixed")).toBe(false);
  });

  test("a file without services has an empty schema", () => {
    const { schemas, diagnostics } = analyzeSources({
      "idl.ts": "export interface Data { a: string }",
    });
    expect(diagnostics).toEqual([]);
    expect(schemas[0]?.schema).toMatchObject({ services: [], types: {} });
  });
});
