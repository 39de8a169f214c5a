import { createClient } from "@rpcgen/runtime";
import { tcpTransport } from "@rpcgen/transport-tcp";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import { BenchPathServiceDef } from "./descriptor.js";

main(() =>
  runClientProcess(async ({ host, port }) => {
    const transport = tcpTransport({ host, port });
    // Connect before the clock starts so the first timed call does not pay for the handshake.
    await transport.connect();
    const client = createClient(BenchPathServiceDef, transport);
    const bench: BenchClient = {
      unary: (request) => client.shortestPath(request),
      async follow(request, onItem) {
        for await (const item of client.follow(request)) onItem(item);
      },
      close: () => transport.close(),
    };
    return bench;
  }),
);
