import { createClient, createServer } from "@rpcgen/runtime";
import { afterEach, describe, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenWs, type WsListener, type WsTransport, wsTransport } from "../src/node.js";

const listeners: WsListener[] = [];
const transports: WsTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(listeners.splice(0).map((l) => l.close({ graceMs: 100 })));
});

describe("the URL listenWs prints connects back to it", () => {
  test.each([undefined, "/rpc"])("with path %s", async (path) => {
    const listener = await listenWs(createServer().add(TestService, testServiceImpl), {
      ...(path === undefined ? {} : { path }),
    });
    listeners.push(listener);
    const t = wsTransport(listener.url);
    transports.push(t);
    expect(t.url).toBe(listener.url);
    expect(await createClient(TestService, t).echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  });
});

test.each([
  ["tcp://127.0.0.1:7000", '"tcp://127.0.0.1:7000": the scheme "tcp:" is not one'],
  ["not a url", '"not a url": it is not a valid URL'],
  ["ws://[nope/?token=secret", '"ws://[nope/": it is not a valid URL'],
])("%s is refused at once, naming the url and the accepted forms", (url, named) => {
  expect(() => wsTransport(url)).toThrow(RangeError);
  expect(() => wsTransport(url)).toThrow(`wsTransport cannot use ${named}`);
  expect(() => wsTransport(url)).toThrow(/expected ws:\/\/host\[:port\]\/path or wss:\/\//);
});
