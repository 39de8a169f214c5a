import {
  type ClientInterceptor,
  createClient,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  RpcError,
  type ServerInterceptor,
} from "@rpcgen/runtime";
import { describe, expect, it } from "vitest";
import { TestService, testServiceImpl } from "./fixtures/echo-service.js";

function connect(options: {
  server?: readonly ServerInterceptor[];
  client?: readonly ClientInterceptor[];
}) {
  const server = createServer({ interceptors: options.server ?? [], onHandlerError: () => {} }).add(
    TestService,
    testServiceImpl,
  );
  const [a, b] = createMemoryChannelPair();
  server.serve(b);
  const session = createClientSession(a);
  return createClient(TestService, session, { interceptors: options.client ?? [] });
}

describe("client interceptors", () => {
  it("add metadata the server sees", async () => {
    const client = connect({
      client: [
        async (ctx, next) => {
          ctx.metadata.authorization = "Bearer abc";
          await next();
        },
      ],
    });
    expect(await client.headers(null)).toEqual({ authorization: "Bearer abc" });
  });

  it("run outermost first and observe the outcome after next()", async () => {
    const log: string[] = [];
    const tag =
      (name: string): ClientInterceptor =>
      async (ctx, next) => {
        log.push(`${name}>${ctx.method}`);
        try {
          await next();
          log.push(`${name}<ok`);
        } catch (error) {
          log.push(`${name}<${(error as RpcError).code}`);
          throw error;
        }
      };
    const client = connect({ client: [tag("outer"), tag("inner")] });
    await client.echo({ x: 1, y: 1 });
    await expect(client.fail({ code: "aborted", message: "no" })).rejects.toMatchObject({
      code: "aborted",
    });
    expect(log).toEqual([
      "outer>echo",
      "inner>echo",
      "inner<ok",
      "outer<ok",
      "outer>fail",
      "inner>fail",
      "inner<aborted",
      "outer<aborted",
    ]);
  });

  it("refuse a call by throwing before next()", async () => {
    const client = connect({
      client: [
        async () => {
          throw new RpcError("permission_denied", "no token");
        },
      ],
    });
    await expect(client.echo({ x: 1, y: 1 })).rejects.toMatchObject({ code: "permission_denied" });
    const stream = client.count({ n: 3 });
    await expect(
      (async () => {
        for await (const _ of stream) {
          // never reached
        }
      })(),
    ).rejects.toMatchObject({ code: "permission_denied" });
  });

  it("see a server stream complete only after the reader has finished it", async () => {
    const events: string[] = [];
    const client = connect({
      client: [
        async (ctx, next) => {
          events.push("start");
          await next();
          events.push(`end trailers=${JSON.stringify(ctx.trailers ?? null)}`);
        },
      ],
    });
    for await (const i of client.count({ n: 3 })) events.push(`item ${i}`);
    expect(events).toEqual(["start", "item 0", "item 1", "item 2", "end trailers=null"]);
  });

  it("read response headers and trailers", async () => {
    let seen: unknown;
    const client = connect({
      client: [
        async (ctx, next) => {
          await next();
          seen = { headers: ctx.responseHeaders, trailers: ctx.trailers };
        },
      ],
    });
    await client.headers(null, { metadata: { "x-request": "r1" } });
    expect(seen).toEqual({ headers: { "x-echo": "r1" }, trailers: { "x-trailer": "done" } });
  });
});

describe("server interceptors", () => {
  it("refuse a call with an error before the handler runs", async () => {
    const client = connect({
      server: [
        async (ctx, next) => {
          if (ctx.metadata.authorization !== "Bearer ok") {
            throw new RpcError("unauthenticated", "missing or bad authorization");
          }
          await next();
        },
      ],
    });
    await expect(client.echo({ x: 1, y: 1 })).rejects.toMatchObject({
      code: "unauthenticated",
      message: "missing or bad authorization",
    });
    expect(await client.echo({ x: 1, y: 1 }, { metadata: { authorization: "Bearer ok" } })).toEqual(
      {
        x: 1,
        y: 1,
      },
    );
  });

  it("time a call and set trailers after the handler finished", async () => {
    let trailers: Record<string, string> | undefined;
    const client = connect({
      server: [
        async (ctx, next) => {
          const start = performance.now();
          await next();
          ctx.trailers["x-duration-ms"] = String(Math.round(performance.now() - start));
        },
      ],
    });
    await client.sleep(
      { ms: 20 },
      {
        onTrailers: (t) => {
          trailers = t;
        },
      },
    );
    expect(Number(trailers?.["x-duration-ms"])).toBeGreaterThanOrEqual(0);
  });

  it("wrap a whole server stream", async () => {
    const log: string[] = [];
    const client = connect({
      server: [
        async (ctx, next) => {
          log.push(`before ${ctx.method}`);
          await next();
          log.push(`after ${ctx.method}`);
        },
      ],
    });
    const items: number[] = [];
    for await (const i of client.count({ n: 5 })) items.push(i);
    expect(items).toEqual([0, 1, 2, 3, 4]);
    expect(log).toEqual(["before count", "after count"]);
  });
});
