import {
  type ClientSession,
  createClientSession,
  createMemoryChannelPair,
  createServer,
  type FrameChannel,
} from "@rpcgen/runtime";
import { runConformance } from "./conformance/suite.js";
import { TestService, testServiceImpl } from "./fixtures/echo-service.js";

runConformance({
  name: "memory",
  async start(options) {
    const server = createServer({
      limits: options.serverLimits ?? {},
      onHandlerError: () => {},
    }).add(TestService, testServiceImpl);
    const [clientEnd, serverEnd] = createMemoryChannelPair();
    server.serve(serverEnd);
    const session: ClientSession = createClientSession(clientEnd, {
      limits: options.clientLimits ?? {},
    });
    await session.ready;
    return {
      transport: session,
      async killServer() {
        // Dropping the server's end is what a crashed process looks like in memory.
        (serverEnd as FrameChannel).close();
      },
      async stop() {
        await session.close();
        await server.close({ graceMs: 100 });
      },
    };
  },
});
