import { afterAll } from "vitest";
import { runConformance } from "../../runtime/test/conformance/suite.js";
import type { ConformanceTarget } from "../../runtime/test/conformance/target.js";
import { wsTransport } from "../src/node.js";
import { killAllServers, spawnServer } from "./fixtures/spawn-server.js";

afterAll(async () => {
  await killAllServers();
});

/** The shared suite against a server in another process, over WebSocket. */
const target: ConformanceTarget = {
  name: "ws",
  async start(options) {
    const server = await spawnServer([
      "--path",
      "/rpc",
      "--limits",
      JSON.stringify(options.serverLimits ?? {}),
    ]);
    const transport = wsTransport(server.url, { limits: options.clientLimits ?? {} });
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

runConformance(target);
