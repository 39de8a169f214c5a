import {
  type ClientOf,
  createClient,
  defaultLimits,
  defineService,
  type MethodKind,
  method,
  RpcError,
} from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TestService, type TestServiceApi } from "../fixtures/echo-service.js";
import { declaredErrorCases } from "./declared-errors.js";
import { pushable } from "./pushable.js";
import type { ConformanceTarget, TargetInstance, TargetOptions } from "./target.js";

type TestClient = ClientOf<TestServiceApi>;

/** A descriptor naming methods and a service the server does not have. */
const Unknown = defineService("TestService", {
  nope: method<null, null>()("nope", "unary"),
});
const NoService = defineService("NoSuchService", {
  anything: method<null, null>()("anything", "unary"),
});

/** Awaits a rejection and returns it as an RpcError, failing the test if it is anything else. */
async function rpcError(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return error as RpcError;
  }
  throw new Error("expected the call to fail");
}

async function streamError(stream: AsyncIterable<unknown>): Promise<RpcError> {
  return rpcError(
    (async () => {
      for await (const _ of stream) {
        // drain
      }
    })(),
  );
}

/** One server + client for a group of cases, started before them and stopped after. */
function useInstance(target: ConformanceTarget, options: TargetOptions = {}) {
  const state: { instance?: TargetInstance; client?: TestClient } = {};
  beforeAll(async () => {
    state.instance = await target.start(options);
    state.client = createClient(TestService, state.instance.transport);
  });
  afterAll(async () => {
    await state.instance?.stop();
  });
  return {
    get client(): TestClient {
      return state.client!;
    },
    get instance(): TargetInstance {
      return state.instance!;
    },
  };
}

/**
 * Declares a case that needs a call kind. When the target cannot carry that kind, the case
 * instead checks that a call of that kind fails with `unimplemented` and the target's reason,
 * and its name says so, which the matrix reporter shows as `unimplemented`.
 */
function itNeeding(
  target: ConformanceTarget,
  kind: MethodKind,
  name: string,
  client: () => TestClient,
  body: () => Promise<void>,
): void {
  const reason = target.unsupported?.[kind];
  if (reason === undefined) {
    it(name, body);
    return;
  }
  it(`${name} [unimplemented: ${kind}]`, async () => {
    const c = client();
    async function* one() {
      yield kind === "bidi" ? "a" : { x: 1, y: 1 };
    }
    const error =
      kind === "client_stream"
        ? await rpcError(c.sum(one() as AsyncIterable<{ x: number; y: number }>))
        : kind === "bidi"
          ? await streamError(c.pingPong(one() as AsyncIterable<string>))
          : kind === "server_stream"
            ? await streamError(c.count({ n: 1 }))
            : await rpcError(c.empty({}));
    expect(error.code).toBe("unimplemented");
    expect(error.message).toContain(reason);
  });
}

/**
 * The behaviour every transport must share. Each case is named after the gRPC interop case it
 * mirrors where there is one, so a failure reads the same on every transport. `skip` (for a
 * target this machine cannot run) skips the cases rather than leaving them out, so the matrix
 * still shows the transport's column.
 */
export function runConformance(target: ConformanceTarget, { skip = false } = {}): void {
  describe.skipIf(skip)(`conformance over ${target.name}`, () => {
    describe("calls", () => {
      const t = useInstance(target);

      it("empty_unary", async () => {
        expect(await t.client.empty({})).toEqual({});
      });

      it("unary round-trips a struct", async () => {
        expect(await t.client.echo({ x: 1.5, y: -2 })).toEqual({ x: 1.5, y: -2 });
      });

      it("large_unary carries a message just under the frame limit", async () => {
        const bytes = new Uint8Array(target.largeUnaryBytes ?? 4 * 1024 * 1024 - 64 * 1024);
        for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i & 0xff;
        const back = await t.client.echoBytes(bytes);
        expect(back.length).toBe(bytes.length);
        expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
      });

      it("server_streaming delivers every item in order", async () => {
        const items: number[] = [];
        for await (const i of t.client.count({ n: 2000 })) items.push(i);
        expect(items).toEqual(Array.from({ length: 2000 }, (_, i) => i));
      });

      itNeeding(
        target,
        "client_stream",
        "client_streaming sums every item sent",
        () => t.client,
        async () => {
          async function* points() {
            for (let i = 0; i < 1000; i++) yield { x: i, y: 1 };
          }
          expect(await t.client.sum(points())).toBe(999 * 500 + 1000);
        },
      );

      itNeeding(
        target,
        "bidi",
        "ping_pong alternates requests and responses on a bidi call",
        () => t.client,
        async () => {
          const input = pushable<string>();
          const replies = t.client.pingPong(input)[Symbol.asyncIterator]();
          for (const word of ["a", "bb", "ccc", "dddd"]) {
            input.push(word);
            expect((await replies.next()).value).toBe(`pong:${word}`);
          }
          input.end();
          expect((await replies.next()).done).toBe(true);
        },
      );

      itNeeding(
        target,
        "bidi",
        "empty_stream ends a bidi call with no messages",
        () => t.client,
        async () => {
          const input = pushable<string>();
          input.end();
          const got: string[] = [];
          for await (const r of t.client.pingPong(input)) got.push(r);
          expect(got).toEqual([]);
        },
      );

      it("many calls multiplex on one connection", async () => {
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, i) => t.client.echo({ x: i, y: i })),
        );
        expect(results.map((r) => r.x)).toEqual(Array.from({ length: 200 }, (_, i) => i));
      });

      it("cancel_after_begin cancels the call and aborts the server handler", async () => {
        const controller = new AbortController();
        const call = t.client.sleep({ ms: 10_000 }, { signal: controller.signal });
        setTimeout(() => controller.abort(), 50);
        expect((await rpcError(call)).code).toBe("cancelled");
        await vi.waitFor(async () => expect(await t.client.lastAbort(null)).toBe("cancelled"), {
          timeout: 5000,
        });
      });

      itNeeding(
        target,
        "bidi",
        "cancel_after_first_response ends a bidi call",
        () => t.client,
        async () => {
          const controller = new AbortController();
          const input = pushable<string>();
          const replies = t.client
            .pingPong(input, { signal: controller.signal })
            [Symbol.asyncIterator]();
          input.push("first");
          expect((await replies.next()).value).toBe("pong:first");
          controller.abort();
          expect((await rpcError(replies.next())).code).toBe("cancelled");
        },
      );

      it("leaving a server stream early cancels it on the server", async () => {
        const seen: number[] = [];
        for await (const i of t.client.count({ n: 1_000_000, delayMs: 1 })) {
          seen.push(i);
          if (seen.length === 3) break;
        }
        expect(seen).toEqual([0, 1, 2]);
        await vi.waitFor(async () => expect(await t.client.lastAbort(null)).toBe("cancelled"), {
          timeout: 5000,
        });
      });

      it("timeout_on_sleeping_server fails with deadline_exceeded and aborts the handler", async () => {
        const error = await rpcError(t.client.sleep({ ms: 10_000 }, { timeoutMs: 100 }));
        expect(error.code).toBe("deadline_exceeded");
        await vi.waitFor(
          async () => expect(await t.client.lastAbort(null)).toBe("deadline_exceeded"),
          { timeout: 5000 },
        );
      });

      it("the deadline reaches the handler as a relative budget", async () => {
        const left = await t.client.deadlineLeft(null, { timeoutMs: 2000 });
        expect(left).not.toBeNull();
        expect(left!).toBeGreaterThan(0);
        expect(left!).toBeLessThanOrEqual(2000);
        expect(await t.client.deadlineLeft(null)).toBeNull();
      });

      it("a server stream past its deadline fails with deadline_exceeded", async () => {
        const error = await streamError(
          t.client.count({ n: 1_000_000, delayMs: 5 }, { timeoutMs: 150 }),
        );
        expect(error.code).toBe("deadline_exceeded");
      });

      it("status_code_and_message carries code, message and details", async () => {
        const error = await rpcError(t.client.fail({ code: "not_found", message: "no such ride" }));
        expect(error.code).toBe("not_found");
        expect(error.message).toBe("no such ride");
        expect(error.details).toEqual({ hint: "from fail" });
      });

      it("special_status_message keeps unicode and newlines", async () => {
        const message = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
        const error = await rpcError(t.client.fail({ code: "unknown", message }));
        expect(error.code).toBe("unknown");
        expect(error.message).toBe(message);
      });

      it("custom_metadata sends request metadata, response headers and trailers", async () => {
        let headers: Record<string, string> | undefined;
        let trailers: Record<string, string> | undefined;
        const echoed = await t.client.headers(null, {
          metadata: { "x-request": "abc", authorization: "Bearer t" },
          onHeaders: (h) => {
            headers = h;
          },
          onTrailers: (tr) => {
            trailers = tr;
          },
        });
        expect(echoed).toMatchObject({ "x-request": "abc", authorization: "Bearer t" });
        expect(headers).toEqual({ "x-echo": "abc" });
        expect(trailers).toEqual({ "x-trailer": "done" });
      });

      it("unimplemented_method names the method", async () => {
        const client = createClient(Unknown, t.instance.transport);
        const error = await rpcError(client.nope(null));
        expect(error.code).toBe("unimplemented");
        expect(error.message).toContain("TestService/nope");
      });

      it("unimplemented_service names the service", async () => {
        const client = createClient(NoService, t.instance.transport);
        const error = await rpcError(client.anything(null));
        expect(error.code).toBe(target.unknownService ?? "unimplemented");
        expect(error.message).toContain("NoSuchService");
      });

      it("an invalid argument fails with invalid_argument and the path", async () => {
        const error = await rpcError(t.client.echo({ x: "1", y: 2 } as never));
        expect(error.code).toBe("invalid_argument");
        expect(error.message).toBe("req.x: expected number, got string");
      });

      itNeeding(
        target,
        "client_stream",
        "an invalid item in a client stream fails the call with its path",
        () => t.client,
        async () => {
          async function* points() {
            yield { x: 1, y: 2 };
            yield { x: 1, y: null } as never;
          }
          const error = await rpcError(t.client.sum(points()));
          expect(error.code).toBe("invalid_argument");
          expect(error.message).toBe("req.y: expected number, got null");
        },
      );

      it("a handler's unexpected throw reaches the client as internal without its details", async () => {
        const error = await rpcError(t.client.crash(null));
        expect(error.code).toBe("internal");
        expect(error.message).toBe("internal error");
        expect(JSON.stringify(error.toJSON())).not.toContain("secret");
        expect(error.stack ?? "").not.toContain("/srv/app.ts");
      });

      it("a response that fails validation is refused by the client", async () => {
        const error = await rpcError(t.client.badResponse(null));
        expect(error.code).toBe("internal");
        expect(error.message).toBe(
          "response failed validation: res.y: expected number, got string",
        );
      });

      it("a sync generator handler streams every item past the credit window, in order", async () => {
        const tag = `sync-all-${target.name}`;
        const n = defaultLimits.streamWindow * 3 + 7;
        const items: number[] = [];
        for await (const item of t.client.countSync({ n, tag })) items.push(item);
        expect(items).toEqual(Array.from({ length: n }, (_, i) => i));
        await vi.waitFor(async () => expect(await t.client.lastAbort(null)).toBe(`${tag}:done`), {
          timeout: 5000,
        });
      });

      it("leaving a sync generator's stream early stops the generator on the server", async () => {
        const tag = `sync-stop-${target.name}`;
        const items: number[] = [];
        for await (const item of t.client.countSync({ n: Number.MAX_SAFE_INTEGER, tag })) {
          items.push(item);
          if (items.length === 3) break;
        }
        expect(items).toEqual([0, 1, 2]);
        await vi.waitFor(
          async () => expect(await t.client.lastAbort(null)).toBe(`${tag}:stopped`),
          { timeout: 5000 },
        );
      });

      it("items a sync generator yields before it throws all arrive, then its error", async () => {
        const blobs: Uint8Array[] = [];
        const failure = await streamError(
          (async function* () {
            for await (const blob of t.client.blobsSync({ count: 10, size: 3, failAfter: 5 })) {
              blobs.push(blob);
              yield blob;
            }
          })(),
        );
        expect(blobs.map((blob) => blob[0])).toEqual([0, 1, 2, 3, 4]);
        expect(failure.code).toBe("data_loss");
        expect(failure.message).toBe("failed after 5 blobs");
      });

      it("sync stream items too large to travel together still arrive whole, in order", async () => {
        // Eight 700 KB items are 5.6 MB together, over the 4 MiB frame limit.
        const size = 700 * 1024;
        const blobs: Uint8Array[] = [];
        for await (const blob of t.client.blobsSync({ count: 8, size })) blobs.push(blob);
        expect(blobs.map((blob) => [blob.length, blob[0], blob[size - 1]])).toEqual(
          Array.from({ length: 8 }, (_, k) => [size, k, k]),
        );
      });

      it("throw() on a response stream rejects with that error and stops the server", async () => {
        const tag = `sync-throw-${target.name}`;
        const stream = t.client.countSync({ n: Number.MAX_SAFE_INTEGER, tag });
        const iterator = stream[Symbol.asyncIterator]();
        expect(await iterator.next()).toEqual({ value: 0, done: false });
        // An interface may declare AsyncGenerator<T>; its throw() must work as a generator's.
        await expect(iterator.throw?.(new Error("reader gave up"))).rejects.toThrow(
          "reader gave up",
        );
        await vi.waitFor(
          async () => expect(await t.client.lastAbort(null)).toBe(`${tag}:stopped`),
          { timeout: 5000 },
        );
      });

      it("a stream item that fails validation ends the call and stops the server", async () => {
        const tag = `bad-stream-${target.name}`;
        const items: unknown[] = [];
        let failure: unknown;
        try {
          for await (const item of t.client.badStream({ tag })) items.push(item);
        } catch (error) {
          failure = error;
        }
        expect(items).toEqual([{ x: 1, y: 2 }]);
        expect(failure).toBeInstanceOf(RpcError);
        expect((failure as RpcError).code).toBe("internal");
        expect((failure as RpcError).message).toBe(
          "response failed validation: item.y: expected number, got string",
        );
        await vi.waitFor(
          async () => expect(await t.client.lastAbort(null)).toBe(`${tag}:aborted`),
          { timeout: 5000 },
        );
      });

      it("oversized request is refused with resource_exhausted naming the limit", async () => {
        const error = await rpcError(t.client.echoBytes(new Uint8Array(5 * 1024 * 1024)));
        expect(error.code).toBe("resource_exhausted");
        expect(error.message).toContain("maxFrameBytes");
        expect(await t.client.echo({ x: 1, y: 1 })).toEqual({ x: 1, y: 1 });
      });

      declaredErrorCases(() => t.instance.transport);

      it("a slow stream consumer bounds what the server produces", async () => {
        const byBytes = target.streamBound === "bytes";
        // Socket buffers grow to tens of MiB on Linux (tcp_rmem allows 32 MiB here): a quarter
        // of 16M items (over 50 MB in either codec) is more than they can ever hold.
        const n = byBytes ? 16_000_000 : 100_000;
        // The server may run ahead by the client's window plus one pending item.
        const bound = byBytes ? n / 4 : defaultLimits.streamWindow + 2;
        const stream = t.client.count({ n })[Symbol.asyncIterator]();
        expect((await stream.next()).value).toBe(0);
        // Until the producer stops moving (the buffers are full), or runs past the bound.
        let produced = -1;
        await vi.waitFor(
          async () => {
            const now = await t.client.produced(null);
            const stalled = now === produced;
            produced = now;
            expect(stalled || now > bound).toBe(true);
          },
          { timeout: 20_000, interval: 200 },
        );
        expect(produced).toBeLessThanOrEqual(bound);
        await stream.return?.();
      });
    });

    describe("limits", () => {
      const t = useInstance(target, {
        serverLimits: { maxConcurrentCalls: 2 },
        clientLimits: { maxFrameBytes: 64 * 1024 },
      });

      it("calls beyond maxConcurrentCalls are refused with resource_exhausted", async () => {
        const sleeping = [t.client.sleep({ ms: 300 }), t.client.sleep({ ms: 300 })];
        await new Promise((resolve) => setTimeout(resolve, 50));
        const error = await rpcError(t.client.sleep({ ms: 1 }));
        expect(error.code).toBe("resource_exhausted");
        expect(error.message).toContain("maxConcurrentCalls = 2");
        expect(await Promise.all(sleeping)).toEqual(["woke", "woke"]);
      });

      it("a response over the client's maxFrameBytes fails that call only", async () => {
        const error = await rpcError(t.client.echoBytes(new Uint8Array(100 * 1024)));
        expect(error.code).toBe("resource_exhausted");
        expect(error.message).toContain("maxFrameBytes = 65536");
        expect(await t.client.echo({ x: 2, y: 3 })).toEqual({ x: 2, y: 3 });
      });
    });

    describe("peer loss", () => {
      const t = useInstance(target);

      it("losing the server fails every call in flight with unavailable", async () => {
        const unary = Array.from({ length: 5 }, () => rpcError(t.client.sleep({ ms: 60_000 })));
        const stream = streamError(t.client.count({ n: 10_000_000, delayMs: 1 }));
        await new Promise((resolve) => setTimeout(resolve, 100));
        await t.instance.killServer();
        const errors = await Promise.all([...unary, stream]);
        for (const error of errors) expect(error.code).toBe("unavailable");
      });
    });
  });
}
