import { afterAll } from "vitest";
import { runConformance } from "../../runtime/test/conformance/suite.js";
import type { ConformanceTarget } from "../../runtime/test/conformance/target.js";
import { closeAllFixtures, startFixture } from "./fixtures/spawn-fixture.js";

afterAll(closeAllFixtures);

/** The shared suite against a child process serving on its stdin/stdout. */
const target: ConformanceTarget = {
  name: "stdio",
  async start(options) {
    const fixture = startFixture(["--limits", JSON.stringify(options.serverLimits ?? {})], {
      limits: options.clientLimits ?? {},
      stderr: "inherit",
    });
    await fixture.transport.connect();
    return {
      transport: fixture.transport,
      async killServer() {
        await fixture.kill("SIGKILL");
      },
      async stop() {
        await fixture.transport.close();
      },
    };
  },
};

runConformance(target);
