/**
 * The page the browser test loads (bundled by esbuild): the generated StreamService client
 * over the fetch transport (JSON and msgpack) and over WebSocket. Each scenario runs in the
 * browser and returns plain data for the test to check.
 */
import { RpcError } from "@rpcgen/runtime";
import { httpTransport } from "@rpcgen/transport-http";
import { wsTransport } from "@rpcgen/transport-ws";
import {
  createStreamServiceClient,
  type StreamServiceClient,
} from "../../../codegen/test/fixtures/gen/streams.js";

type Via = "http-json" | "http-msgpack" | "ws";

const origin = location.origin;
const clients: Record<Via, StreamServiceClient> = {
  "http-json": createStreamServiceClient(httpTransport(`${origin}/rpc`, { codec: "json" })),
  "http-msgpack": createStreamServiceClient(httpTransport(`${origin}/rpc`, { codec: "msgpack" })),
  ws: createStreamServiceClient(wsTransport(`${origin.replace(/^http/, "ws")}/ws`)),
};

/** An error as plain data, or a marker that the call did not fail. */
function failure(error: unknown): { code: string; message: string } {
  if (error instanceof RpcError) return { code: error.code, message: error.message };
  return { code: "not-an-RpcError", message: String(error) };
}

const scenarios = {
  async unary(via: Via) {
    return clients[via].search("paris", 3);
  },
  async serverStream(via: Via) {
    const ticks: { at: string; value: number }[] = [];
    for await (const tick of clients[via].watch("ACME")) {
      ticks.push({ at: tick.at.toISOString(), value: tick.value });
    }
    return ticks;
  },
  async bidi(via: Via) {
    async function* words() {
      for (const word of ["hello", "from", "chromium"]) yield word;
    }
    const replies: string[] = [];
    try {
      for await (const reply of clients[via].chat(words())) replies.push(reply);
      return { replies };
    } catch (error) {
      return { replies, error: failure(error) };
    }
  },
  async error(via: Via) {
    try {
      await clients[via].search("nowhere");
      return { code: "none", message: "the call succeeded" };
    } catch (error) {
      return failure(error);
    }
  },
  async cancel(via: Via) {
    const controller = new AbortController();
    const ticks = clients[via]
      .watch("forever", { signal: controller.signal })
      [Symbol.asyncIterator]();
    const first = await ticks.next();
    controller.abort();
    try {
      await ticks.next();
      return { first: first.value?.value, code: "none" };
    } catch (error) {
      return { first: first.value?.value, ...failure(error) };
    }
  },
};

declare global {
  interface Window {
    rpcgen: typeof scenarios;
  }
}
window.rpcgen = scenarios;
document.title = "ready";
