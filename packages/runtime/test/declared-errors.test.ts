import {
  type CallContext,
  createClient,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  type DeclaredError,
  defineService,
  errorGuards,
  expected,
  FrameType,
  isPlainObject,
  maxErrorTypeLength,
  method,
  RpcCode,
  RpcError,
  type ServerInterceptor,
  type ServiceDescriptor,
} from "@rpcgen/runtime";
import { describe, expect, it } from "vitest";
import { TestService } from "./fixtures/echo-service.js";
import { bounds } from "./fixtures/route-errors.js";
import { serverHello, WirePeer } from "./fuzz/wire-peer.js";
import { rpcErrorOf } from "./support/errors.js";

describe("RpcError wire form", () => {
  it("carries type between code and details, and only when set", () => {
    const declared = new RpcError(RpcCode.OutOfRange, "OutOfArea", {
      type: "OutOfArea",
      details: { point: "from" },
    });
    expect(JSON.stringify(declared)).toBe(
      '{"code":"out_of_range","message":"OutOfArea","type":"OutOfArea","details":{"point":"from"}}',
    );
    expect(new RpcError(RpcCode.NotFound, "gone", { type: "Gone" }).toJSON()).toEqual({
      code: "not_found",
      message: "gone",
      type: "Gone",
    });
    expect(Object.keys(new RpcError(RpcCode.NotFound, "gone").toJSON())).toEqual([
      "code",
      "message",
    ]);
  });

  it("fromWire reads the type back", () => {
    const error = RpcError.fromWire({
      code: "out_of_range",
      message: "OutOfArea",
      type: "OutOfArea",
      details: { point: "to" },
    });
    expect(error.type).toBe("OutOfArea");
    expect(error.details).toEqual({ point: "to" });
  });

  it.each([
    ["a number", 42],
    ["an object", { toString: () => "OutOfArea" }],
    ["an array", ["OutOfArea"]],
    ["null", null],
    ["an empty string", ""],
    ["10 KB long", "T".repeat(10 * 1024)],
    ["one over the limit", "T".repeat(maxErrorTypeLength + 1)],
  ])("fromWire drops a type that is %s, keeping code, message and details", (_, type) => {
    const error = RpcError.fromWire({ code: "not_found", message: "m", type, details: { a: 1 } });
    expect(error.type).toBeUndefined();
    expect(error.toJSON()).toEqual({ code: "not_found", message: "m", details: { a: 1 } });
  });

  it("fromWire keeps a type at the length limit and names like __proto__ as plain strings", () => {
    const longest = "T".repeat(maxErrorTypeLength);
    expect(RpcError.fromWire({ code: "aborted", message: "", type: longest }).type).toBe(longest);
    const proto = RpcError.fromWire(
      JSON.parse('{"code":"aborted","message":"","type":"__proto__"}'),
    );
    expect(proto.type).toBe("__proto__");
    expect(Object.getPrototypeOf(proto)).toBe(RpcError.prototype);
  });
});

/** A job service with a declared error whose details are all optional. */
interface Busy {
  code: "unavailable";
  retryAfterMs?: number;
}
type BusyError = DeclaredError<"Busy", "unavailable", Omit<Busy, "code">>;

function decodeBusyDetails(value: unknown, path: string): Omit<Busy, "code"> {
  if (!isPlainObject(value)) return expected(path, "object", value);
  const { retryAfterMs } = value;
  if (retryAfterMs !== undefined && typeof retryAfterMs !== "number") {
    expected(`${path}.retryAfterMs`, "number", retryAfterMs);
  }
  return value as Omit<Busy, "code">;
}

interface Jobs {
  run(raise: string): Promise<string>;
  plain(req: null): Promise<string>;
}

const JobsDef: ServiceDescriptor<Jobs, { run: BusyError }> = defineService("Jobs", {
  run: method<string, string>()("run", "unary", {
    errors: {
      Busy: { code: "unavailable", decodeDetails: (v) => decodeBusyDetails(v, "details") },
    },
  }),
  plain: method<null, string>()("plain", "unary"),
});

const isJobsError = errorGuards(JobsDef);

/** Names a hand-built error type may take that mean something to plain objects. */
const hostileTypes = ["__proto__", "constructor", "toString", "hasOwnProperty", "T".repeat(10_000)];

/** Errors the run handler raises, by request. */
function runRaising(raise: string, ctx: CallContext<BusyError>): string {
  if (raise === "busy") throw ctx.error("Busy");
  if (raise === "busyLater") throw ctx.error("Busy", { retryAfterMs: 5 }, "come back later");
  if (raise === "badBusy") throw ctx.error("Busy", { retryAfterMs: "soon" } as never);
  // Past the compiler, as plain JavaScript could call it.
  if (raise === "undeclared") throw (ctx.error as (type: string) => RpcError)("Nope");
  const hostile = hostileTypes.find((type) => type.slice(0, 20) === raise);
  if (hostile !== undefined) throw new RpcError(RpcCode.Unavailable, "x", { type: hostile });
  return "ran";
}

function serveJobs(interceptors: readonly ServerInterceptor[] = []) {
  const reported: { error: unknown; method: string }[] = [];
  const server = createServer({
    interceptors,
    onHandlerError: (error, ctx) => reported.push({ error, method: ctx.method }),
  }).add(JobsDef, {
    run: (raise, ctx) => runRaising(raise, ctx),
    plain: () => "plain",
  });
  const [a, b] = createMemoryChannelPair();
  server.serve(b);
  return { client: createClient(JobsDef, createClientSession(a)), reported };
}

describe("declared errors on the server", () => {
  it("ctx.error defaults the message to the type and the details to {}", async () => {
    const { client, reported } = serveJobs();
    const error = await rpcErrorOf(client.run("busy"));
    if (!isJobsError.run(error)) throw new Error(`not declared: ${error.message}`);
    expect(error.toJSON()).toEqual({
      code: "unavailable",
      message: "Busy",
      type: "Busy",
      details: {},
    });
    const later = await rpcErrorOf(client.run("busyLater"));
    expect(later.toJSON()).toMatchObject({
      message: "come back later",
      details: { retryAfterMs: 5 },
    });
    expect(reported).toEqual([]);
  });

  it("reports details that fail the check, naming method, type and field", async () => {
    const { client, reported } = serveJobs();
    const error = await rpcErrorOf(client.run("badBusy"));
    const message =
      "Jobs/run raised Busy with invalid details: details.retryAfterMs: expected number, got string";
    expect(error.toJSON()).toEqual({ code: "internal", message });
    expect(reported).toHaveLength(1);
    expect(reported[0]!.method).toBe("run");
    expect(reported[0]!.error).toMatchObject({ code: "internal", message });
    expect((reported[0]!.error as RpcError).cause).toMatchObject({ type: "Busy" });
  });

  it("reports a type raised past the compiler that the method does not declare", async () => {
    const { client, reported } = serveJobs();
    const error = await rpcErrorOf(client.run("undeclared"));
    const message = "Jobs/run raised Nope, which it does not declare; it declares Busy";
    expect(error.toJSON()).toEqual({ code: "internal", message });
    expect(reported.map(({ error }) => (error as RpcError).message)).toEqual([message]);
  });

  it.each(hostileTypes.map((type) => [type.slice(0, 20), type]))(
    "refuses a type named %s as undeclared, with a bounded message",
    async (raise, type) => {
      const { client, reported } = serveJobs();
      const error = await rpcErrorOf(client.run(raise));
      expect(error.code).toBe("internal");
      expect(error.message).toBe(
        `Jobs/run raised ${type.length > 100 ? `${type.slice(0, 100)}…` : type}, which it does not declare; it declares Busy`,
      );
      expect(reported).toHaveLength(1);
    },
  );

  it("checks a declared error raised by an interceptor like one from the handler", async () => {
    const refuse: ServerInterceptor = async (ctx) => {
      const raise = ctx.metadata["x-raise"];
      if (raise === "Busy") {
        throw new RpcError(RpcCode.Unavailable, "draining", {
          type: "Busy",
          details: { retryAfterMs: 100 },
        });
      }
      throw new RpcError(RpcCode.Unavailable, "draining", { type: "Draining" });
    };
    const { client, reported } = serveJobs([refuse]);
    const busy = await rpcErrorOf(client.run("never runs", { metadata: { "x-raise": "Busy" } }));
    expect(isJobsError.run(busy)).toBe(true);
    expect(busy.details).toEqual({ retryAfterMs: 100 });
    const other = await rpcErrorOf(client.plain(null, { metadata: { "x-raise": "Draining" } }));
    expect(other.toJSON()).toEqual({
      code: "internal",
      message: "Jobs/plain raised Draining, which it does not declare (it declares no errors)",
    });
    expect(reported).toHaveLength(1);
  });
});

describe("errorGuards", () => {
  it("has a guard per method, false for anything not raised or checked as declared", () => {
    expect(Object.keys(isJobsError).sort()).toEqual(["plain", "run"]);
    const handMade = new RpcError(RpcCode.Unavailable, "Busy", { type: "Busy", details: {} });
    expect(isJobsError.run(handMade)).toBe(false);
    expect(isJobsError.run(new Error("Busy"))).toBe(false);
    expect(isJobsError.run({ type: "Busy", code: "unavailable", details: {} })).toBe(false);
    expect(isJobsError.run(undefined)).toBe(false);
  });
});

/** A TestService client facing a hand-driven server that ends `route` with `error`. */
async function routeEndingWith(error: unknown): Promise<RpcError> {
  const [mine, theirs] = createMemoryChannelPair();
  const server = new WirePeer(theirs, "json");
  const session = createClientSession(mine, { codec: "json", limits: { keepaliveIntervalMs: 0 } });
  await server.until(() => server.received.length > 0, "client hello");
  server.send(serverHello("json", 16));
  await session.ready;
  const call = createClient(TestService, session).route({ raise: "none" });
  await server.until(() => server.frames.length > 0, "the call");
  server.send(server.encode([FrameType.Status, 1, error, null, null]));
  const failure = await rpcErrorOf(call);
  await session.close();
  return failure;
}

describe("declared errors from a hostile server", () => {
  const isTestServiceError = errorGuards(TestService);

  it.each([
    ["a number", 42],
    ["10 KB long", "T".repeat(10 * 1024)],
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
    ["toString", "toString"],
  ])("a type that is %s stays a plain error", async (_, type) => {
    const error = await routeEndingWith({ code: "out_of_range", message: "m", type, details: {} });
    expect(error.code).toBe("out_of_range");
    expect(isTestServiceError.route(error)).toBe(false);
  });

  it("a declared type with its code and good details becomes the declared error", async () => {
    const error = await routeEndingWith({
      code: "out_of_range",
      message: "OutOfArea",
      type: "OutOfArea",
      details: { point: "to", bounds },
    });
    expect(isTestServiceError.route(error)).toBe(true);
  });

  it("a declared type with another code stays a plain error", async () => {
    const error = await routeEndingWith({ code: "not_found", message: "m", type: "OutOfArea" });
    expect(error.code).toBe("not_found");
    expect(isTestServiceError.route(error)).toBe(false);
  });

  it.each([
    ["missing", undefined, "details: expected object, got undefined"],
    ["a string", "far", "details: expected object, got string"],
    ["missing bounds", { point: "to" }, "details.bounds: expected object, got undefined"],
  ])("declared details that are %s fail naming the field", async (_, details, reason) => {
    const error = await routeEndingWith({
      code: "out_of_range",
      message: "OutOfArea",
      type: "OutOfArea",
      ...(details === undefined ? {} : { details }),
    });
    expect(error.code).toBe("internal");
    expect(error.message).toBe(`TestService/route error OutOfArea failed validation: ${reason}`);
    expect(isTestServiceError.route(error)).toBe(false);
  });
});
