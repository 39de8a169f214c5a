import {
  type ClientInterceptor,
  type ClientTransport,
  createClient,
  defineService,
  errorGuards,
  method,
  type ServiceDescriptor,
} from "@rpcgen/runtime";
import { expect, it } from "vitest";
import { TestService } from "../fixtures/echo-service.js";
import {
  bounds,
  checkedAt,
  checkedOutOfArea,
  type OutOfAreaError,
  type Raise,
} from "../fixtures/route-errors.js";
import { rpcErrorOf } from "../support/errors.js";

const isTestServiceError = errorGuards(TestService);

/** A client that checks `routeLying`'s details, which its server does not. */
const StrictLying: ServiceDescriptor<
  { routeLying(req: null): Promise<string> },
  { routeLying: OutOfAreaError }
> = defineService("TestService", {
  routeLying: method<null, string>()("routeLying", "unary", { errors: checkedOutOfArea }),
});

/** A client built before `route` declared any errors. */
const Unaware = defineService("TestService", {
  route: method<{ raise: Raise }, string>()("route", "unary"),
});

/** The error a response stream fails with, after the items it delivered. */
async function streamFailure(
  stream: AsyncIterable<number>,
): Promise<{ items: number[]; error: unknown }> {
  const items: number[] = [];
  try {
    for await (const item of stream) items.push(item);
  } catch (error) {
    return { items, error };
  }
  throw new Error(`expected the stream to fail; it ended after ${items.length} items`);
}

/**
 * Declared errors (`@throws` in the IDL) over a transport: raised with `ctx.error`, checked
 * and encoded by the server, checked and revived by the client, recognised by the guards, the
 * same over every transport. Declared inside a describe whose server hosts `TestService`.
 */
export function declaredErrorCases(transport: () => ClientTransport): void {
  const client = () => createClient(TestService, transport());

  it("a declared error reaches the caller with its type, code and details, and the guard narrows it", async () => {
    const error = await rpcErrorOf(client().route({ raise: "OutOfArea" }));
    if (!isTestServiceError.route(error)) throw new Error(`not declared: ${error.message}`);
    expect(error.toJSON()).toEqual({
      code: "out_of_range",
      message: "OutOfArea",
      type: "OutOfArea",
      details: { point: "from", bounds },
    });
    switch (error.type) {
      case "OutOfArea":
        expect(error.details.point).toBe("from");
        break;
      case "Unreachable":
        throw new Error(`wrong type, closed roads ${[...error.details.closedRoads]}`);
    }
  });

  it("declared details are encoded by the server and decoded by the client (Set, Date)", async () => {
    const error = await rpcErrorOf(client().route({ raise: "Unreachable" }));
    if (!isTestServiceError.route(error) || error.type !== "Unreachable") {
      throw new Error(`not Unreachable: ${error.message}`);
    }
    expect(error.code).toBe("failed_precondition");
    expect(error.message).toBe("no open road from A to B");
    expect(error.details.closedRoads).toEqual(new Set(["A1", "B2"]));
    expect(error.details.checkedAt).toEqual(checkedAt);
  });

  it("a server stream failing midway with a declared error reaches the for-await typed", async () => {
    const { items, error } = await streamFailure(
      client().routeStream({ raise: "Unreachable", after: 3 }),
    );
    expect(items).toEqual([0, 1, 2]);
    expect(isTestServiceError.routeStream(error)).toBe(true);
    expect(isTestServiceError.route(error)).toBe(true);
    expect(error).toMatchObject({ type: "Unreachable", code: "failed_precondition" });
  });

  it("declared details that fail the server's check end the call internal, naming the field", async () => {
    const error = await rpcErrorOf(client().route({ raise: "badDetails" }));
    expect(error.code).toBe("internal");
    expect(error.message).toBe(
      'TestService/route raised OutOfArea with invalid details: details.point: expected "from" | "to", got "x"',
    );
    expect(error.type).toBeUndefined();
    expect(isTestServiceError.route(error)).toBe(false);
  });

  it("the same check applies to an error ending a server stream", async () => {
    const { items, error } = await streamFailure(
      client().routeStream({ raise: "badDetails", after: 2 }),
    );
    expect(items).toEqual([0, 1]);
    expect(error).toMatchObject({
      code: "internal",
      message:
        'TestService/routeStream raised OutOfArea with invalid details: details.point: expected "from" | "to", got "x"',
    });
  });

  it("an error type the method does not declare ends the call internal", async () => {
    const error = await rpcErrorOf(client().route({ raise: "undeclared" }));
    expect(error.code).toBe("internal");
    expect(error.message).toBe(
      "TestService/route raised Nowhere, which it does not declare; it declares OutOfArea, Unreachable",
    );
  });

  it("a declared type raised with another code ends the call internal", async () => {
    const error = await rpcErrorOf(client().route({ raise: "wrongCode" }));
    expect(error.code).toBe("internal");
    expect(error.message).toBe(
      "TestService/route raised OutOfArea with code not_found; it is declared with out_of_range",
    );
  });

  it("a plain RpcError from a method with declared errors passes through untouched", async () => {
    const error = await rpcErrorOf(client().route({ raise: "plain" }));
    expect(error.toJSON()).toEqual({
      code: "not_found",
      message: "no such place",
      details: { hint: "plain" },
    });
    expect(isTestServiceError.route(error)).toBe(false);
  });

  it("details that fail the client's check are refused as a bad response is, naming the field", async () => {
    const error = await rpcErrorOf(createClient(StrictLying, transport()).routeLying(null));
    expect(error.code).toBe("internal");
    expect(error.message).toBe(
      'TestService/routeLying error OutOfArea failed validation: details.point: expected "from" | "to", got "x"',
    );
    expect(error.details).toEqual({ path: "details.point" });
    expect(isTestServiceError.routeLying(error)).toBe(false);
  });

  it("with validateResponses: false the client takes declared details unchecked", async () => {
    const lax = createClient(StrictLying, transport(), { validateResponses: false });
    const error = await rpcErrorOf(lax.routeLying(null));
    expect(isTestServiceError.routeLying(error)).toBe(true);
    expect(error.details).toEqual({ point: "x", bounds });
  });

  it("a type the client does not know stays a plain RpcError the guard refuses", async () => {
    const error = await rpcErrorOf(
      createClient(Unaware, transport()).route({ raise: "OutOfArea" }),
    );
    expect(error.code).toBe("out_of_range");
    expect(error.type).toBe("OutOfArea");
    expect(isTestServiceError.route(error)).toBe(false);
  });

  it("client interceptors see the declared error and the caller still gets it, unary and stream", async () => {
    const seen: string[] = [];
    const observe: ClientInterceptor = async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        const guard =
          ctx.method === "route" ? isTestServiceError.route : isTestServiceError.routeStream;
        seen.push(`${ctx.method}:${guard(error) ? (error as OutOfAreaError).type : "plain"}`);
        throw error;
      }
    };
    const intercepted = createClient(TestService, transport(), { interceptors: [observe] });
    const unary = await rpcErrorOf(intercepted.route({ raise: "OutOfArea" }));
    expect(isTestServiceError.route(unary)).toBe(true);
    const { items, error } = await streamFailure(
      intercepted.routeStream({ raise: "OutOfArea", after: 1 }),
    );
    expect(items).toEqual([0]);
    expect(isTestServiceError.routeStream(error)).toBe(true);
    expect(seen).toEqual(["route:OutOfArea", "routeStream:OutOfArea"]);
  });
}
