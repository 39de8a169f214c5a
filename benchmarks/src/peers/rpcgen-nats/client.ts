import { natsTransport } from "@rpcgen/transport-nats";
import { main, runClientProcess } from "../../shared/child.js";
import { benchClient } from "../rpcgen/bench-client.js";

main(() =>
  runClientProcess(async ({ path }) => {
    if (path === undefined) throw new Error("the rpcgen-nats server announced no NATS URL");
    const transport = natsTransport(path);
    // Connect before the clock starts so the first timed call does not pay for it.
    await transport.connect();
    return benchClient(transport);
  }),
);
