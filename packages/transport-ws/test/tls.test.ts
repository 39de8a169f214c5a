import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, createServer } from "@rpcgen/runtime";
import { afterAll, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { needs } from "../../runtime/test/support/external.js";
import { makeCertificate } from "../../transport-tcp/test/fixtures/certs.js";
import { listenWs, wsTransport } from "../src/node.js";
import { rpcErrorOf } from "./fixtures/util.js";

const dir = mkdtempSync(join(tmpdir(), "rpcgen-ws-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.runIf(await needs("openssl", "wss: tests"))(
  "listenWs with tls serves wss:, trusted through the ws options, refused without them",
  async () => {
    const { keyFile, ca: cert } = makeCertificate(dir);
    const key = readFileSync(keyFile);
    const server = createServer().add(TestService, testServiceImpl);
    const listener = await listenWs(server, { path: "/rpc", tls: { cert, key } });
    try {
      expect(listener.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/rpc$/);
      const trusted = wsTransport(listener.url, { ws: { ca: cert } });
      expect(await createClient(TestService, trusted).echo({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
      await trusted.close();
      const untrusted = wsTransport(listener.url, { reconnect: false });
      const error = await rpcErrorOf(untrusted.connect());
      expect(error.code).toBe("unavailable");
      expect(error.message).toMatch(/self[- ]signed/i);
      await untrusted.close();
    } finally {
      await listener.close();
    }
  },
);
