/**
 * The soak's server process: SoakService over TCP. Prints `listening on <url>`; exits when its
 * stdin ends (the orchestrator's lifeline) or on SIGTERM. Run with --expose-gc so `memory`
 * reports the heap after a full collection.
 */
import { createServer } from "@rpcgen/runtime";
import { listenTcp } from "@rpcgen/transport-tcp";
import { SoakService, soakServiceImpl } from "./service.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("the soak server needs --expose-gc");

let connections = (): number => 0;
const server = createServer({ onHandlerError: (error) => console.error(error) }).add(
  SoakService,
  soakServiceImpl(() => {
    gc();
    const usage = process.memoryUsage();
    return { heapUsed: usage.heapUsed, rss: usage.rss, connections: connections() };
  }),
);
connections = () => server.connections;
const listener = await listenTcp(server, { port: 0 });
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
process.once("SIGTERM", () => process.exit(0));
process.stdout.write(`listening on ${listener.url}\n`);
