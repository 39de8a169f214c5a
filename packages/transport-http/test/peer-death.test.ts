import { fileURLToPath } from "node:url";
import { test } from "vitest";
import { expectPeerDeathCancels } from "../../runtime/test/support/peer-death.js";
import { listenHttp } from "../src/server.js";

test("a client killed with SIGKILL aborts every running handler's signal with cancelled", async () => {
  await expectPeerDeathCancels({
    listen: async (server) => {
      const listener = await listenHttp(server, { port: 0 });
      return { url: listener.url, close: () => listener.close({ graceMs: 100 }) };
    },
    clientFixture: fileURLToPath(new URL("./fixtures/hang-client.ts", import.meta.url)),
    why: /^the client cancelled the call$/,
  });
});
