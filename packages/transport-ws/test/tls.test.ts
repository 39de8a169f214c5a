import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, createServer } from "@rpcgen/runtime";
import { afterAll, expect, test } from "vitest";
import { TestService, testServiceImpl } from "../../runtime/test/fixtures/echo-service.js";
import { listenWs, wsTransport } from "../src/node.js";
import { rpcErrorOf } from "./fixtures/util.js";

const dir = mkdtempSync(join(tmpdir(), "rpcgen-ws-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opensslFound = spawnSync("openssl", ["version"]).status === 0;

/** A self-signed certificate for localhost and 127.0.0.1, made with the real openssl binary. */
function certificate(): { cert: Buffer; key: Buffer } {
  const made = spawnSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"],
      ...["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1"],
      ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
    ],
    { encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`openssl failed:\n${made.stderr}`);
  return { cert: readFileSync(join(dir, "cert.pem")), key: readFileSync(join(dir, "key.pem")) };
}

// In CI a missing openssl fails loudly (certificate() throws) instead of skipping.
test.runIf(opensslFound || process.env.CI === "true")(
  "listenWs with tls serves wss:, trusted through the ws options, refused without them",
  async () => {
    const { cert, key } = certificate();
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
