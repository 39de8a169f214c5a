/**
 * Type tests of generated code: the client and handler types derived from the user's
 * interfaces. `tsc -b` (run by `pnpm test`) checks this file, so every `@ts-expect-error` below
 * must meet a real error; the vitest part only makes the file a test.
 */
import type { CallContext, CallOptions } from "@rpcgen/runtime";
import { createClientSession, createMemoryChannelPair, createServer } from "@rpcgen/runtime";
import { afterAll, describe, expect, expectTypeOf, test } from "vitest";
import {
  createPathServiceClient,
  PathServiceDef,
  type PathServiceHandlers,
} from "../fixtures/gen/path.js";
import { createStreamServiceClient, StreamServiceDef } from "../fixtures/gen/streams.js";
import type { LatLon, PathRequest, Route } from "../fixtures/idl/path.js";
import type { Summary, Tick } from "../fixtures/idl/streams.js";

// Clients over a channel nobody serves: the tests below only type-check calls, never make them.
const [channel] = createMemoryChannelPair();
const session = createClientSession(channel);
const paths = createPathServiceClient(session);
const streams = createStreamServiceClient(session);
afterAll(() => session.close());
const req: PathRequest = { from: { lat: 1, lon: 2 }, to: { lat: 3, lon: 4 } };

describe("generated client types", () => {
  test("take the interface's parameters plus call options and return its result", () => {
    expectTypeOf(paths.shortestPath).parameters.toEqualTypeOf<
      [req: PathRequest, options?: CallOptions]
    >();
    expectTypeOf(paths.shortestPath).returns.toEqualTypeOf<Promise<Route>>();
    expectTypeOf(paths.alternatives).returns.toEqualTypeOf<AsyncIterable<Route>>();
    expectTypeOf(streams.search).toBeCallableWith("q");
    expectTypeOf(streams.search).toBeCallableWith("q", 5, "cursor", { timeoutMs: 100 });
    expectTypeOf(streams.search).parameter(3).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf(streams.upload).parameters.toEqualTypeOf<
      [ticks: AsyncIterable<Tick>, options?: CallOptions]
    >();
    expectTypeOf(streams.upload).returns.toEqualTypeOf<Promise<Summary>>();
    expectTypeOf(streams.ping).returns.toEqualTypeOf<Promise<void>>();
  });

  test("refuse wrong calls", () => {
    // Never called: the compiler is the one checking these.
    const wrongCalls = () => {
      // @ts-expect-error a property of the wrong type
      void paths.shortestPath({ from: { lat: "1", lon: 2 }, to: req.to });
      // @ts-expect-error a missing property
      void paths.shortestPath({ from: req.from });
      // @ts-expect-error a literal outside the union
      void paths.shortestPath({ ...req, avoid: ["ferries"] });
      // @ts-expect-error a method the service does not have
      void paths.fastestPath(req);
      // @ts-expect-error call options in place of a required parameter
      void streams.search({ timeoutMs: 5 });
      // @ts-expect-error a single value where the client stream takes an AsyncIterable
      void streams.upload({ at: new Date(), value: 1 });
    };
    expectTypeOf(wrongCalls).toBeFunction();
  });
});

describe("generated handler types", () => {
  test("get the parameters plus a call context and may return plain values", () => {
    expectTypeOf<PathServiceHandlers["shortestPath"]>().parameters.toEqualTypeOf<
      [req: PathRequest, ctx: CallContext]
    >();
    expectTypeOf<PathServiceHandlers["shortestPath"]>().returns.toEqualTypeOf<
      Route | Promise<Route>
    >();
  });

  test("check implementations against the interface", () => {
    const origin: LatLon = { lat: 0, lon: 0 };
    const route: Route = { distanceMeters: 1, etaSeconds: 1, path: [origin] };
    createServer().add(PathServiceDef, {
      shortestPath: () => route,
      async *alternatives() {
        yield route;
      },
    });
    createServer().add(PathServiceDef, {
      // @ts-expect-error the result misses etaSeconds
      shortestPath: () => ({ distanceMeters: 1, path: [] }),
      async *alternatives() {
        yield route;
      },
    });
    expect(() =>
      // @ts-expect-error an implementation without alternatives
      createServer().add(PathServiceDef, { shortestPath: () => route }),
    ).toThrow("lacks method alternatives");
    createServer().add(StreamServiceDef, {
      ping: async () => {},
      search: (query, limit) => [query, String(limit ?? 10)],
      async *watch(symbol) {
        yield { at: new Date(), value: symbol.length };
      },
      async *replay(from) {
        yield { at: from, value: 0 };
      },
      async *tail() {},
      async upload(ticks) {
        let count = 0;
        for await (const _ of ticks) count++;
        return { count };
      },
      async *chat(messages) {
        for await (const m of messages) yield m;
      },
      // @ts-expect-error the handler returns a number where the interface says Promise<undefined>
      flush: async () => 1,
    });
  });
});
