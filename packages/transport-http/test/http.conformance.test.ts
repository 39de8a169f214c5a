import type { CodecName } from "@rpcgen/runtime";
import { afterAll } from "vitest";
import { runConformance } from "../../runtime/test/conformance/suite.js";
import type { ConformanceTarget } from "../../runtime/test/conformance/target.js";
import { streamingInputUnsupported } from "../src/index.js";
import { type ClientUnderTest, clientsUnderTest } from "./fixtures/clients.js";
import { killAllServers, spawnServer } from "./fixtures/spawn-server.js";

afterAll(killAllServers);

/** The shared suite against a node:http server in another process, per client and codec. */
function target(client: ClientUnderTest, codec: CodecName): ConformanceTarget {
  return {
    name: `${client.prefix}-${codec}`,
    unsupported: { client_stream: streamingInputUnsupported, bidi: streamingInputUnsupported },
    streamBound: "bytes",
    // Base64 inflates bytes by 4/3 in JSON: stay under the 4 MiB body limit.
    ...(codec === "json" ? { largeUnaryBytes: 3 * 1024 * 1024 - 64 * 1024 } : {}),
    async start(options) {
      const server = await spawnServer([
        "--prefix",
        "/rpc",
        "--limits",
        JSON.stringify(options.serverLimits ?? {}),
      ]);
      const transport = client.httpTransport(server.url, {
        codec,
        limits: options.clientLimits ?? {},
      });
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

for (const client of clientsUnderTest) {
  runConformance(target(client, "json"));
  runConformance(target(client, "msgpack"));
}
