import { join } from "node:path";
import { afterAll } from "vitest";
import { runConformance } from "../../runtime/test/conformance/suite.js";
import type { ConformanceTarget } from "../../runtime/test/conformance/target.js";
import { tcpTransport } from "../src/index.js";
import { killAllServers, spawnServer } from "./fixtures/spawn-server.js";
import { rmDirs, tempDir } from "./fixtures/util.js";

afterAll(async () => {
  await killAllServers();
  rmDirs();
});

/** The shared suite against a server in another process, over TCP or a Unix socket. */
function target(kind: "tcp" | "unix"): ConformanceTarget {
  return {
    name: kind,
    async start(options) {
      const listen =
        kind === "tcp"
          ? ["--listen", "tcp"]
          : ["--listen", "unix", "--path", join(tempDir(), "conformance.sock")];
      const server = await spawnServer([
        ...listen,
        "--limits",
        JSON.stringify(options.serverLimits ?? {}),
      ]);
      const transport = tcpTransport(
        kind === "tcp" ? { host: "127.0.0.1", port: server.port! } : { path: server.path! },
        { limits: options.clientLimits ?? {} },
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
