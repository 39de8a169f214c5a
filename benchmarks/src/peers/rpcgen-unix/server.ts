import { tmpdir } from "node:os";
import { join } from "node:path";
import { listenTcp } from "@rpcgen/transport-tcp";
import { serveBench } from "../rpcgen/server.js";

serveBench(async (server) => {
  const path = join(tmpdir(), `rpcgen-bench-${process.pid}.sock`);
  const listener = await listenTcp(server, { path });
  return { port: 0, path, close: () => listener.close({ graceMs: 1000 }) };
});
