import { listenTcp } from "@rpcgen/transport-tcp";
import { serveBench } from "../rpcgen/server.js";

serveBench(async (server, { host }) => {
  const listener = await listenTcp(server, { port: 0, host });
  if (listener.port === undefined) throw new Error("listenTcp returned no port");
  return { port: listener.port, close: () => listener.close({ graceMs: 1000 }) };
});
