import { createServer, type HandlersOf, type ServiceOf } from "@rpcgen/runtime";
import { listenTcp } from "@rpcgen/transport-tcp";
import { main, runServerProcess } from "../../shared/child.js";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import { BenchPathServiceDef } from "./descriptor.js";

/** The handlers a user would write: plain functions, the stream as an async generator. */
const impl: HandlersOf<ServiceOf<typeof BenchPathServiceDef>> = {
  shortestPath: (request) => computeRoute(request),
  async *follow(request) {
    for (let seq = 0; seq < request.count; seq++) yield makePosition(seq);
  },
};

main(() =>
  runServerProcess(async ({ host }) => {
    const server = createServer().add(BenchPathServiceDef, impl);
    const listener = await listenTcp(server, { port: 0, host });
    if (listener.port === undefined) throw new Error("listenTcp returned no port");
    return { port: listener.port, close: () => listener.close({ graceMs: 1000 }) };
  }),
);
