import { listenWs } from "@rpcgen/transport-ws/node";
import { serveBench } from "../rpcgen/server.js";

serveBench(async (server, { host }) => {
  const listener = await listenWs(server, { port: 0, host });
  return { port: listener.port, close: () => listener.close({ graceMs: 1000 }) };
});
