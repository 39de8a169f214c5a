import { tcpTransport } from "@rpcgen/transport-tcp";
import { main, runClientProcess } from "../../shared/child.js";
import { benchClient } from "../rpcgen/bench-client.js";

main(() =>
  runClientProcess(async ({ host, port }) => {
    const transport = tcpTransport({ host, port });
    // Connect before the clock starts so the first timed call does not pay for the handshake.
    await transport.connect();
    return benchClient(transport);
  }),
);
