import { tcpTransport } from "@rpcgen/transport-tcp";
import { main, runClientProcess } from "../../shared/child.js";
import { benchClient } from "../rpcgen/bench-client.js";

main(() =>
  runClientProcess(async ({ path }) => {
    if (path === undefined) throw new Error("the rpcgen-unix server announced no socket path");
    const transport = tcpTransport({ path });
    await transport.connect();
    return benchClient(transport);
  }),
);
