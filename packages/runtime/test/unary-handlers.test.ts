import {
  createClient,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  defineService,
  method,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import { describe, expect, it } from "vitest";

// Unary handlers without interceptors are answered in the same turn when they return a plain
// value; these pin down that every way a handler can end still reaches the caller.
const Unary = defineService("Unary", {
  plain: method<number, number>()("plain", "unary"),
  promised: method<number, number>()("promised", "unary"),
  thenable: method<number, number>()("thenable", "unary"),
  throwsPlain: method<number, number>()("throwsPlain", "unary"),
  throwsRpc: method<number, number>()("throwsRpc", "unary"),
  unencodable: method<number, unknown>()("unencodable", "unary"),
});

function connect() {
  const reported: unknown[] = [];
  const server = createServer({ onHandlerError: (error) => reported.push(error) }).add(Unary, {
    plain: (n) => n + 1,
    promised: async (n) => n + 2,
    // A thenable that is not a Promise is awaited as `await` would.
    // biome-ignore lint/suspicious/noThenProperty: the point of the test is a hand-made thenable
    thenable: (n) => ({ then: (resolve: (v: number) => void) => resolve(n + 3) }) as never,
    throwsPlain: () => {
      throw new TypeError("handler bug");
    },
    throwsRpc: () => {
      throw new RpcError(RpcCode.NotFound, "no such thing");
    },
    unencodable: () => ({ big: 2n ** 70n }),
  });
  const [a, b] = createMemoryChannelPair();
  server.serve(b);
  return { client: createClient(Unary, createClientSession(a)), reported };
}

describe("unary handlers", () => {
  it("answer with a plain value, a promise or any thenable", async () => {
    const { client } = connect();
    expect(await Promise.all([client.plain(1), client.promised(1), client.thenable(1)])).toEqual([
      2, 3, 4,
    ]);
  });

  it("a plain throw is internal and reported; an RpcError reaches the caller as thrown", async () => {
    const { client, reported } = connect();
    await expect(client.throwsPlain(1)).rejects.toMatchObject({ code: RpcCode.Internal });
    expect(reported).toEqual([expect.objectContaining({ message: "handler bug" })]);
    await expect(client.throwsRpc(1)).rejects.toMatchObject({
      code: RpcCode.NotFound,
      message: "no such thing",
    });
  });

  it("a result that cannot be encoded fails that call only, and the connection goes on", async () => {
    const { client, reported } = connect();
    const [bad, good] = await Promise.allSettled([client.unencodable(1), client.plain(41)]);
    expect(bad).toMatchObject({ status: "rejected", reason: { code: RpcCode.Internal } });
    expect(good).toEqual({ status: "fulfilled", value: 42 });
    expect(reported).toHaveLength(1);
    expect(await client.plain(1)).toBe(2);
  });
});
