import type { ClientTransport } from "@rpcgen/runtime";
import type { BenchClient } from "../../shared/driver.js";
import { createPathServiceClient } from "./gen/service.js";

/** The generated-style client over any rpcgen transport, as the driver calls it. */
export function benchClient(transport: ClientTransport): BenchClient {
  const client = createPathServiceClient(transport);
  return {
    unary: (request) => client.shortestPath(request),
    async follow(request, onItem) {
      for await (const item of client.follow(request)) onItem(item);
    },
    close: () => transport.close(),
  };
}
