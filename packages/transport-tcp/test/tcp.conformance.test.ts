import { join } from "node:path";
import { afterAll } from "vitest";
import { runConformance } from "../../runtime/test/conformance/suite.js";
import type { ConformanceTarget } from "../../runtime/test/conformance/target.js";
import { needs } from "../../runtime/test/support/external.js";
import { tcpTransport } from "../src/index.js";
import { makeCertificate, type TestCertificate } from "./fixtures/certs.js";
import { killAllServers, spawnServer } from "./fixtures/spawn-server.js";
import { rmDirs, tempDir } from "./fixtures/util.js";

afterAll(async () => {
  await killAllServers();
  rmDirs();
});

/** The shared suite against a server in another process, over TCP, a Unix socket or TLS. */
function target(kind: "tcp" | "unix" | "tls"): ConformanceTarget {
  let certificate: TestCertificate | undefined;
  const listenArgs = (): string[] => {
    if (kind === "tcp") return ["--listen", "tcp"];
    if (kind === "unix") return ["--listen", "unix", "--path", join(tempDir(), "conformance.sock")];
    certificate ??= makeCertificate(tempDir());
    return ["--listen", "tls", "--cert", certificate.certFile, "--key", certificate.keyFile];
  };
  return {
    name: kind,
    async start(options) {
      const listen = listenArgs();
      const server = await spawnServer([
        ...listen,
        "--limits",
        JSON.stringify(options.serverLimits ?? {}),
      ]);
      const transport = tcpTransport(
        kind === "unix" ? { path: server.path! } : { host: "127.0.0.1", port: server.port! },
        {
          limits: options.clientLimits ?? {},
          ...(certificate === undefined
            ? {}
            : { tls: { ca: certificate.ca, servername: "localhost" } }),
        },
      );
      await transport.connect();
      return {
        transport,
        async killServer() {
          await server.kill("SIGKILL");
        },
        async stop() {
          await transport.close();
          await server.kill("SIGTERM");
        },
      };
    },
  };
}

runConformance(target("tcp"));
runConformance(target("unix"));
runConformance(target("tls"), { skip: !(await needs("openssl", "TLS conformance cases")) });
