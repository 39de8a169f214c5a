import { wsTransport } from "@rpcgen/transport-ws/node";
import { main, runClientProcess } from "../../shared/child.js";
import { benchClient } from "../rpcgen/bench-client.js";

main(() =>
  runClientProcess(async ({ host, port }) => {
    const transport = wsTransport(`ws://${host}:${port}/`);
    await transport.connect();
    return benchClient(transport);
  }),
);
