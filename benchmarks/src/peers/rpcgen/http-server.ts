import { listenHttp } from "@rpcgen/transport-http/server";
import { serveBench } from "./server.js";

/** Both HTTP peers share one server: the codec is the client's choice, per request. */
export function serveHttpBench(): void {
  serveBench(async (server, { host }) => {
    const listener = await listenHttp(server, { port: 0, host });
    return { port: listener.port, close: () => listener.close({ graceMs: 1000 }) };
  });
}
