import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  bearerToken,
  type ClientInterceptor,
  type ClientTransport,
  createClient,
} from "@rpcgen/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePki, type TestPki } from "../../runtime/test/auth-certs.js";
import { AuthService } from "../../runtime/test/auth-service.js";
import {
  type ChildServer,
  killAllChildServers,
  spawnChildServer,
} from "../../runtime/test/support/child-server.js";
import { needs } from "../../runtime/test/support/external.js";
import { tcpTransport } from "../../transport-tcp/src/index.js";
import { wsTransport } from "../../transport-ws/src/node.js";
import { httpTransport } from "../src/node.js";
import { rpcErrorOf } from "./fixtures/local.js";

const fixture = fileURLToPath(new URL("./fixtures/secure-serve.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

type Kind = "tcp" | "ws" | "http";
type Mode = "required" | "optional";

/** The certificate and key a client presents, if any. */
interface ClientIdentity {
  readonly cert: Buffer;
  readonly key: Buffer;
}

describe.runIf(await needs("openssl", "mutual TLS tests"))(
  "bearer auth and mutual TLS across processes",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "rpcgen-auth-"));
    let pki: TestPki;
    let server: ChildServer;
    let urls: Record<string, string>;
    const closers: (() => Promise<void> | void)[] = [];

    beforeAll(async () => {
      pki = makePki(dir);
      server = await spawnChildServer(
        fixture,
        ["--ca", join(dir, "ca.pem"), "--cert", pki.server.certFile, "--key", pki.server.keyFile],
        { cwd: packageDir },
      );
      urls = Object.fromEntries(server.url.split(",").map((pair) => pair.split("=")));
    });

    afterAll(async () => {
      await Promise.all(closers.map((close) => close()));
      await killAllChildServers();
      rmSync(dir, { recursive: true, force: true });
    });

    /** A client of AuthService over `kind` to the `mode` listener, trusting the test CA. */
    function client(
      kind: Kind,
      mode: Mode,
      identity?: ClientIdentity,
      interceptors: readonly ClientInterceptor[] = [],
    ) {
      const url = urls[`${kind}-${mode}`]!;
      const tls = { ca: pki.ca, ...identity };
      let transport: ClientTransport;
      if (kind === "tcp") {
        transport = tcpTransport(url, {
          tls: { ...tls, servername: "localhost" },
          connectAttempts: 1,
        });
      } else if (kind === "ws") {
        transport = wsTransport(url, { ws: tls, connectAttempts: 1 });
      } else {
        const agent = new Agent({ ...tls, keepAlive: true });
        closers.push(() => agent.destroy());
        transport = httpTransport(url, { agent });
      }
      closers.push(() => transport.close());
      return createClient(AuthService, transport, { interceptors });
    }

    const alice = (): ClientIdentity => pki.client("alice");

    describe.each(["tcp", "ws", "http"] as const)("over %s", (kind) => {
      it("gives the handler the client certificate's subject and fingerprint, and its identity", async () => {
        const caller = await client(kind, "required", alice()).whoami(null);
        expect(caller).toEqual({
          name: "alice",
          subject: "O=rpcgen tests, CN=alice",
          fingerprint256: pki.client("alice").fingerprint256,
        });
      });

      it("applies per-method rules to certificate identities", async () => {
        const error = await rpcErrorOf(client(kind, "required", alice()).admin(null));
        expect(error.code).toBe("permission_denied");
        expect(error.message).toBe("the caller may not call AuthService/admin");
        const admin = await client(kind, "required", pki.client("admin-client")).admin(null);
        expect(admin.name).toBe("admin-client");
      });

      it("lets a bearer token name the caller on a mutual-TLS connection", async () => {
        const root = client(kind, "required", alice(), [bearerToken("root-token")]);
        expect(await root.admin(null)).toEqual({
          name: "root",
          subject: "O=rpcgen tests, CN=alice",
          fingerprint256: pki.client("alice").fingerprint256,
        });
      });

      it("carries the identity into a server stream", async () => {
        const names: (string | null)[] = [];
        for await (const item of client(kind, "required", alice()).feed({ n: 3 })) {
          names.push(item.name);
        }
        expect(names).toEqual(["alice", "alice", "alice"]);
      });

      it("refuses a connection without a client certificate when one is required", async () => {
        const error = await rpcErrorOf(client(kind, "required").open(null, { timeoutMs: 5000 }));
        expect(error.code).toBe("unavailable");
        expect(error.message).toContain("alert certificate required");
      });

      it("refuses a self-signed certificate with a trusted name when one is required", async () => {
        const error = await rpcErrorOf(
          client(kind, "required", pki.impostor).open(null, { timeoutMs: 5000 }),
        );
        expect(error.code).toBe("unavailable");
      });

      it("with optional client certificates: a bearer token alone authenticates", async () => {
        const caller = await client(kind, "optional", undefined, [
          bearerToken("alice-token"),
        ]).whoami(null);
        expect(caller).toEqual({ name: "alice", subject: null, fingerprint256: null });
      });

      it("with optional client certificates: an unverified certificate is never an identity", async () => {
        const impostor = client(kind, "optional", pki.impostor);
        // The TLS layer let it in (rejectUnauthorized: false), but the handler never sees it.
        expect(await impostor.open(null)).toEqual({
          name: null,
          subject: null,
          fingerprint256: null,
        });
        const error = await rpcErrorOf(impostor.whoami(null));
        expect(error.code).toBe("unauthenticated");
        expect(error.message).toContain("credentials required");
      });

      it("with optional client certificates: a certificate verifyCertificate refuses is unauthenticated", async () => {
        const error = await rpcErrorOf(
          client(kind, "optional", pki.client("stranger")).whoami(null),
        );
        expect(error.code).toBe("unauthenticated");
        expect(error.message).toBe(
          "the client certificate O=rpcgen tests, CN=stranger was refused",
        );
      });
    });
  },
);
