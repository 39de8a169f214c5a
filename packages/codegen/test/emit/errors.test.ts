import {
  type CodecName,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  type ErrorDescriptor,
  RpcError,
} from "@rpcgen/runtime";
import { afterEach, describe, expect, it } from "vitest";
import {
  createErrorServiceClient,
  ErrorServiceDef,
  type ErrorServiceHandlers,
  isErrorServiceError,
  PlainServiceDef,
} from "../fixtures/gen/errors.js";

// The code generated for `@throws` (fixtures/idl/errors.ts, generated into fixtures/gen/): the
// descriptor's error tables, the details' decoders and encoders, and the same errors raised by
// a handler and received, typed, by a client over both codecs.

function table(method: keyof typeof ErrorServiceDef.methods): Record<string, ErrorDescriptor> {
  const errors = ErrorServiceDef.methods[method]?.errors;
  if (errors === undefined) throw new Error(`${method} declares no errors`);
  return errors;
}

function decode(method: keyof typeof ErrorServiceDef.methods, type: string, details: unknown) {
  const decoder = table(method)[type]?.decodeDetails;
  if (decoder === undefined) throw new Error(`${method} has no decoder for ${type}`);
  return decoder(details);
}

function refusal(run: () => unknown): RpcError {
  try {
    run();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error("expected an RpcError");
}

const bounds = { south: 1, west: 2, north: 3, east: 4 };
const near = { lat: 48.8, lon: 2.3 };

describe("the descriptor's error tables", () => {
  it("list each method's errors in @throws order with their codes", () => {
    const codes = (method: keyof typeof ErrorServiceDef.methods) =>
      Object.entries(table(method)).map(([type, error]) => [type, error.code]);
    expect(codes("route")).toEqual([
      ["OutOfArea", "out_of_range"],
      ["Unreachable", "not_found"],
    ]);
    expect(codes("routes").map(([type]) => type)).toEqual([
      "OutOfArea",
      "Unreachable",
      "Forbidden",
      "QuotaExhausted",
      "PlaceNotFoundAnywhereOnTheMapOrInTheDirectory",
    ]);
    expect(ErrorServiceDef.methods.ping?.errors).toBeUndefined();
    expect(PlainServiceDef.methods.echo?.errors).toBeUndefined();
  });

  it("check details like a response, naming details.<path>, and drop unknown keys", () => {
    expect(decode("route", "OutOfArea", { point: "to", bounds, extra: 1 })).toEqual({
      point: "to",
      bounds,
    });
    const wrong = refusal(() => decode("route", "OutOfArea", { point: "middle", bounds }));
    expect(wrong.code).toBe("invalid_argument");
    expect(wrong.message).toMatch(/^details\.point: expected "from" \| "to", got /);
    expect(refusal(() => decode("route", "OutOfArea", undefined)).message).toMatch(
      /^details: expected object/,
    );
  });

  it("read left-out details as {} when no property is required", () => {
    expect(decode("route", "Unreachable", undefined)).toEqual({});
    expect(decode("routes", "Forbidden", null)).toEqual({});
    expect(decode("routes", "Forbidden", { stray: true })).toEqual({});
  });

  it("convert details the way responses are converted: Dates from strings, Maps from pairs", () => {
    const retryAt = "2024-01-02T03:04:05.000Z";
    expect(decode("routes", "QuotaExhausted", { retryAt })).toEqual({
      retryAt: new Date(retryAt),
    });
    const conflicts = table("place").Conflicts!;
    const byPlace = new Map([["p1", 2]]);
    expect(conflicts.encodeDetails?.({ byPlace })).toEqual({ byPlace: [["p1", 2]] });
    expect(conflicts.decodeDetails?.({ byPlace: [["p1", 2]] })).toEqual({ byPlace });
  });

  it("share one decoder between details of one structure", () => {
    const place = { placeId: "p", near };
    expect(decode("place", "PlaceArchived", { ...place, x: 1 })).toEqual(place);
    const other = "PlaceNotFoundAnywhereOnTheMapOrInTheDirectory";
    expect(refusal(() => decode("routes", other, { placeId: 1, near })).message).toMatch(
      /^details\.placeId: expected string/,
    );
  });
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function connect(handlers: ErrorServiceHandlers, codec: CodecName) {
  const server = createServer({ onHandlerError: () => {} }).add(ErrorServiceDef, handlers);
  const [clientEnd, serverEnd] = createMemoryChannelPair();
  server.serve(serverEnd);
  const session = createClientSession(clientEnd, { codec });
  await session.ready;
  cleanups.push(async () => {
    await session.close();
    await server.close({ graceMs: 10 });
  });
  return createErrorServiceClient(session);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe.each(["json", "msgpack"] as const)("declared errors over the %s codec", (codec) => {
  const retryAt = new Date("2030-01-01T00:00:00.000Z");
  const handlers: ErrorServiceHandlers = {
    route: (from, _to, ctx) => {
      throw ctx.error("OutOfArea", { point: from.lat > 80 ? "from" : "to", bounds });
    },
    async *routes(_from, ctx) {
      yield { distanceMeters: 1, path: [] };
      throw ctx.error("QuotaExhausted", { retryAt }, "try again later");
    },
    place: (ref, ctx) => {
      throw ctx.error("Conflicts", { byPlace: new Map([[ref.placeId, 3]]) });
    },
    ping: () => undefined,
  };

  it("reach the caller typed: the guard narrows, a switch sees each one's details", async () => {
    const client = await connect(handlers, codec);
    const error = await caught(client.route({ lat: 89, lon: 0 }, near));
    if (!isErrorServiceError.route(error)) throw error;
    switch (error.type) {
      case "OutOfArea":
        expect(error.details).toEqual({ point: "from", bounds });
        expect(error.message).toBe("OutOfArea");
        break;
      case "Unreachable":
        throw error;
    }
  });

  it("carry details holding Dates and Maps, and end a stream after its items", async () => {
    const client = await connect(handlers, codec);
    const items: unknown[] = [];
    const stream = async () => {
      for await (const item of client.routes(near)) items.push(item);
    };
    const error = await caught(stream());
    expect(items).toHaveLength(1);
    if (!isErrorServiceError.routes(error) || error.type !== "QuotaExhausted") throw error;
    expect(error.details.retryAt).toEqual(retryAt);
    expect(error.message).toBe("try again later");
    const conflict = await caught(client.place({ placeId: "p9", near }));
    if (!isErrorServiceError.place(conflict) || conflict.type !== "Conflicts") throw conflict;
    expect(conflict.code).toBe("aborted");
    expect(conflict.details.byPlace).toEqual(new Map([["p9", 3]]));
  });

  it("are refused by the guard of a method that does not declare them", async () => {
    const client = await connect(handlers, codec);
    const error = await caught(client.route({ lat: 0, lon: 0 }, near));
    expect(isErrorServiceError.route(error)).toBe(true);
    expect(isErrorServiceError.place(error)).toBe(false);
    expect(isErrorServiceError.routes(new RpcError("out_of_range", "no type"))).toBe(false);
  });
});
