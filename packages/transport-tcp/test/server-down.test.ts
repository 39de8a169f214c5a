import { join } from "node:path";
import { createClient } from "@rpcgen/runtime";
import { afterEach, describe, expect, test } from "vitest";
import { TestService } from "../../runtime/test/fixtures/echo-service.js";
import { type TcpTransport, tcpTransport } from "../src/index.js";
import { freePort, rmDirs, rpcErrorOf, tempDir } from "./fixtures/util.js";

const transports: TcpTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  rmDirs();
});

function transport(...args: Parameters<typeof tcpTransport>): TcpTransport {
  const t = tcpTransport(...args);
  transports.push(t);
  return t;
}

/** Where nothing listens, as a URL, and the error connecting to it gives. */
const downTargets = {
  tcp: async () => ({ url: `tcp://127.0.0.1:${await freePort()}`, cause: "ECONNREFUSED" }),
  unix: async () => ({ url: `unix:${join(tempDir(), "nobody.sock")}`, cause: "ENOENT" }),
  tls: async () => ({ url: `tls://127.0.0.1:${await freePort()}`, cause: "ECONNREFUSED" }),
};

describe.each(Object.keys(downTargets) as (keyof typeof downTargets)[])("over %s", (kind) => {
  test("without a deadline a call to a server that is down fails unavailable, naming the address and the connection error", async () => {
    const { url, cause } = await downTargets[kind]();
    const t = transport(url);
    const error = await rpcErrorOf(createClient(TestService, t).echo({ x: 1, y: 1 }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(t.url);
    expect(error.message).toContain("attempts in a row failed (connectAttempts = 3)");
    expect(error.message).toContain(`connect ${cause}`);
  });

  test("without a deadline a stream to a server that is down fails unavailable too", async () => {
    const { url, cause } = await downTargets[kind]();
    const t = transport(url);
    const stream = createClient(TestService, t).count({ n: 3 })[Symbol.asyncIterator]();
    const error = await rpcErrorOf(stream.next());
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(`connect ${cause}`);
  });
});

test("once the server is known to be down, a new call fails at once without another attempt", async () => {
  const t = transport(`tcp://127.0.0.1:${await freePort()}`, {
    connectAttempts: 1,
    reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
  });
  const client = createClient(TestService, t);
  expect((await rpcErrorOf(client.echo({ x: 1, y: 1 }))).code).toBe("unavailable");
  expect(t.state).toBe("backoff");
  const again = await rpcErrorOf(client.echo({ x: 1, y: 1 }));
  expect(again.message).toMatch(/1 attempts in a row failed.*ECONNREFUSED/);
  expect(t.state).toBe("backoff");
});
