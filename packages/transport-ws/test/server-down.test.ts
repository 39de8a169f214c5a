import { createClient } from "@rpcgen/runtime";
import { afterEach, expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { wsTransport as browserWsTransport } from "../src/index.js";
import { type WsTransport, wsTransport } from "../src/node.js";
import { freePort, rpcErrorOf } from "./fixtures/util.js";

const transports: WsTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

function track(t: WsTransport): WsTransport {
  transports.push(t);
  return t;
}

test.each(["ws", "wss"])(
  "without a deadline a call to a %s: server that is down fails unavailable, naming the url and the connection error",
  async (scheme) => {
    const port = await freePort();
    const t = track(wsTransport(`${scheme}://127.0.0.1:${port}/rpc`));
    const error = await rpcErrorOf(createClient(TestService, t).echo({ x: 1, y: 1 }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(`${scheme}://127.0.0.1:${port}/rpc`);
    expect(error.message).toContain("attempts in a row failed (connectAttempts = 3)");
    expect(error.message).toContain(`connect ECONNREFUSED 127.0.0.1:${port}`);
  },
);

test("without a deadline a bidi call to a server that is down fails unavailable too", async () => {
  const port = await freePort();
  const t = track(wsTransport(`ws://127.0.0.1:${port}/`));
  async function* words() {
    yield "x";
  }
  const replies = createClient(TestService, t).pingPong(words())[Symbol.asyncIterator]();
  const error = await rpcErrorOf(replies.next());
  expect(error.code).toBe("unavailable");
  expect(error.message).toContain("ECONNREFUSED");
});

test.runIf(typeof globalThis.WebSocket === "function")(
  "the browser-safe client on the platform's WebSocket gives up the same way",
  async () => {
    const port = await freePort();
    const t = track(browserWsTransport(`ws://127.0.0.1:${port}/`));
    const error = await rpcErrorOf(createClient(TestService, t).echo({ x: 1, y: 1 }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(`no connection to ws://127.0.0.1:${port}/`);
    expect(error.message).toContain("attempts in a row failed");
  },
);
