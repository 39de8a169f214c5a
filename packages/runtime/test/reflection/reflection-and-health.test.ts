import {
  addHealth,
  addReflection,
  type ClientTransport,
  createClient,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  HealthServiceDef,
  type HealthStatus,
  ReflectionServiceDef,
  RpcError,
  type Server,
} from "@rpcgen/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { TestService, testServiceImpl } from "../fixtures/echo-service.js";

/** A schema document as `rpcgen generate` writes one: two services over shared types. */
const schema = {
  schemaVersion: 1,
  source: "../services/test.ts",
  types: {
    Echo: {
      id: "Echo",
      name: "Echo",
      declaredIn: "../services/test.ts",
      type: {
        kind: "object",
        properties: [
          { name: "text", type: { kind: "ref", id: "Text" }, optional: false, readonly: false },
        ],
      },
    },
    Text: { id: "Text", name: "Text", declaredIn: "../services/test.ts", type: { kind: "string" } },
    Unused: { id: "Unused", name: "Unused", declaredIn: "x", type: { kind: "number" } },
  },
  services: [
    {
      name: TestService.name,
      importFrom: "../services/test.js",
      methods: [
        {
          name: "echo",
          kind: "unary",
          params: [{ name: "req", type: { kind: "ref", id: "Echo" }, optional: false }],
          response: { kind: "ref", id: "Echo" },
        },
      ],
    },
    {
      name: "Other",
      importFrom: "../services/test.js",
      methods: [
        { name: "count", kind: "unary", params: [], response: { kind: "ref", id: "Unused" } },
      ],
    },
  ],
};

const transports: ClientTransport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

function connect(server: Server): ClientTransport {
  const [a, b] = createMemoryChannelPair();
  server.serve(b);
  const session = createClientSession(a);
  transports.push(session);
  return session;
}

async function failure(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("reflection", () => {
  it("lists the schemas' services, itself and health, and answers one service's schema", async () => {
    const server = createServer().add(TestService, testServiceImpl);
    addReflection(server, { schemas: [schema] });
    addHealth(server);
    const reflection = createClient(ReflectionServiceDef, connect(server));
    const names = (await reflection.listServices()).map((s) => s.name);
    expect(names).toEqual([TestService.name, "Other", "RpcgenReflection", "RpcgenHealth"]);
    const one = await reflection.schemaOf(TestService.name);
    // The service alone, with the types it reaches through refs and no others.
    expect(one.services.map((s) => s.name)).toEqual([TestService.name]);
    expect(Object.keys(one.types)).toEqual(["Echo", "Text"]);
    const health = await reflection.schemaOf("RpcgenHealth");
    expect(Object.keys(health.types)).toEqual(["HealthCheckRequest", "HealthStatus"]);
  });

  it("answers a service's declared errors with the types their details reach, and no others", async () => {
    const withErrors = {
      ...schema,
      types: {
        ...schema.types,
        Bounds: { id: "Bounds", name: "Bounds", declaredIn: "x", type: { kind: "string" } },
      },
      errors: {
        Gone: {
          name: "Gone",
          code: "not_found",
          declaredIn: "x",
          details: { kind: "object", properties: [] },
        },
        OutOfArea: {
          name: "OutOfArea",
          code: "out_of_range",
          declaredIn: "x",
          details: {
            kind: "object",
            properties: [
              {
                name: "bounds",
                type: { kind: "ref", id: "Bounds" },
                optional: false,
                readonly: false,
              },
            ],
          },
        },
      },
      services: schema.services.map((service, i) =>
        i === 0
          ? { ...service, methods: service.methods.map((m) => ({ ...m, errors: ["OutOfArea"] })) }
          : service,
      ),
    };
    const server = createServer().add(TestService, testServiceImpl);
    addReflection(server, { schemas: [withErrors] });
    const reflection = createClient(ReflectionServiceDef, connect(server));
    const one = await reflection.schemaOf(TestService.name);
    expect(Object.keys(one.errors ?? {})).toEqual(["OutOfArea"]);
    expect(Object.keys(one.types)).toEqual(["Echo", "Text", "Bounds"]);
    const other = await reflection.schemaOf("Other");
    expect(other.errors).toBeUndefined();
    expect(Object.keys(other.types)).toEqual(["Unused"]);
    const bad = {
      ...withErrors,
      services: [{ name: "X", methods: [{ name: "m", kind: "unary", errors: [1] }] }],
    };
    expect(() => addReflection(createServer(), { schemas: [bad] })).toThrow(
      "schemas[0]: services[0].methods[0].errors: expected an array of error names",
    );
  });

  it("answers not_found for a service it has no schema for", async () => {
    const server = createServer();
    addReflection(server, { schemas: [] });
    const reflection = createClient(ReflectionServiceDef, connect(server));
    const error = await failure(reflection.schemaOf("Nope"));
    expect(error.code).toBe("not_found");
    expect(error.message).toContain('"Nope"');
  });

  it("refuses a malformed schema when added, naming where it is wrong", () => {
    const bad = { ...schema, services: [{ name: "X", methods: [{ name: "m", kind: "duplex" }] }] };
    expect(() => addReflection(createServer(), { schemas: [schema, bad] })).toThrow(
      "schemas[1]: services[0].methods[0].kind: expected unary, server_stream, client_stream or bidi",
    );
    expect(() => addReflection(createServer(), { schemas: [{ schemaVersion: 2 }] })).toThrow(
      "schemas[0]: schemaVersion: expected 1, got 2",
    );
  });
});

describe("health", () => {
  it("reports the server and each service, and not_found for others", async () => {
    const server = createServer().add(TestService, testServiceImpl);
    const health = addHealth(server, { services: [TestService] });
    const client = createClient(HealthServiceDef, connect(server));
    expect(await client.check({})).toEqual({ status: "serving" });
    expect(await client.check({ service: TestService.name })).toEqual({ status: "serving" });
    health.set(TestService.name, "not_serving");
    expect(await client.check({ service: TestService.name })).toEqual({ status: "not_serving" });
    const error = await failure(client.check({ service: "Nope" }));
    expect(error.code).toBe("not_found");
  });

  it("a watch hears each change, then not_serving and its end when the server closes", async () => {
    const server = createServer().add(TestService, testServiceImpl);
    const health = addHealth(server, { services: [TestService.name] });
    const client = createClient(HealthServiceDef, connect(server));
    const seen: HealthStatus[] = [];
    const watching = (async () => {
      for await (const status of client.watch({ service: TestService.name })) {
        seen.push(status);
        // Each step waits on what the watch reported, never on time.
        if (seen.length === 1) health.set(TestService.name, "not_serving");
        if (seen.length === 2) health.set(TestService.name, "serving");
        if (seen.length === 3) void server.close({ graceMs: 60_000 });
      }
    })();
    await watching;
    expect(seen.map((s) => s.status)).toEqual(["serving", "not_serving", "serving", "not_serving"]);
    expect(health.draining).toBe(true);
    expect(health.status()).toBe("not_serving");
    // Once draining, a status stays not_serving.
    health.set(TestService.name, "serving");
    expect(health.status(TestService.name)).toBe("not_serving");
  });

  it("drain() ends open watches, so a shutdown is not held for its grace period", async () => {
    const server = createServer();
    const health = addHealth(server);
    const client = createClient(HealthServiceDef, connect(server));
    const seen: string[] = [];
    for await (const { status } of client.watch({})) {
      seen.push(status);
      if (status === "serving") health.drain();
    }
    expect(seen).toEqual(["serving", "not_serving"]);
  });
});
