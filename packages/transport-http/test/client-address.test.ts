import { createClient, RpcError } from "@rpcgen/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { freePort } from "../../runtime/test/support/free-port.js";
import type { HttpListener } from "../src/server.js";
import { clientsUnderTest } from "./fixtures/clients.js";
import { rpcErrorOf, startLocal } from "./fixtures/local.js";

const listeners: HttpListener[] = [];

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.close({ graceMs: 100 })));
});

/** What a constructor threw, for checking its code and message. */
function refusal(make: () => unknown): RpcError {
  try {
    make();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error("expected the transport to be refused");
}

describe.each(clientsUnderTest)("the $name client", ({ httpTransport }) => {
  it("connects with the URL listenHttp returns, with or without a prefix", async () => {
    for (const prefix of [undefined, "/rpc"]) {
      const listener = await startLocal(prefix === undefined ? {} : { prefix });
      listeners.push(listener);
      const transport = httpTransport(listener.url);
      expect(transport.url).toBe(listener.url);
      expect(await createClient(TestService, transport).echo({ x: 1, y: 2 })).toEqual({
        x: 1,
        y: 2,
      });
      await transport.close();
    }
  });

  it("without a deadline a call to a server that is down fails unavailable, naming the URL and the connection error", async () => {
    const port = await freePort();
    const transport = httpTransport(`http://127.0.0.1:${port}`);
    const error = await rpcErrorOf(createClient(TestService, transport).echo({ x: 1, y: 1 }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(`http://127.0.0.1:${port}/TestService/echo`);
    expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    await transport.close();
  });

  it.each([
    ["not a url", 'baseUrl "not a url" is not a URL'],
    ["tcp://127.0.0.1:7000", 'baseUrl must be an http: or https: URL, got "tcp://127.0.0.1:7000"'],
    [
      "ws://127.0.0.1:7000/rpc",
      'baseUrl must be an http: or https: URL, got "ws://127.0.0.1:7000/rpc"',
    ],
    ["http://127.0.0.1:7000/rpc?token=x", 'baseUrl "http://127.0.0.1:7000/rpc" must have no query'],
  ])("refuses %s at once, naming it and the accepted forms", (url, named) => {
    const error = refusal(() => httpTransport(url));
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain(named);
    expect(error.message).toContain("expected http://host[:port][/prefix] or https://");
  });
});
