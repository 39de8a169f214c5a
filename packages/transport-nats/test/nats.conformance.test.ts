import { afterAll } from "vitest";
import { runConformance } from "../../runtime/test/conformance/suite.js";
import type { ConformanceTarget } from "../../runtime/test/conformance/target.js";
import { needs } from "../../runtime/test/support/external.js";
import { natsTransport } from "../src/index.js";
import { killAllReplicas, natsUrl, spawnReplica, uniquePrefix } from "./fixtures/replicas.js";

afterAll(killAllReplicas);

/** The shared suite against one replica in another process, through the NATS server. */
const target: ConformanceTarget = {
  name: "nats",
  unknownService: "unavailable",
  async start(options) {
    const prefix = uniquePrefix();
    const replica = await spawnReplica({ prefix, limits: options.serverLimits ?? {} });
    const transport = natsTransport(natsUrl, {
      subjectPrefix: prefix,
      limits: options.clientLimits ?? {},
      heartbeatMs: 500,
    });
    await transport.connect();
    return {
      transport,
      async killServer() {
        await replica.kill("SIGKILL");
      },
      async stop() {
        await transport.close();
        await replica.kill("SIGTERM");
      },
    };
  },
};

runConformance(target, { skip: !(await needs("nats", "NATS conformance cases")) });
