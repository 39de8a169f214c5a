import { createServer, type Server } from "@rpcgen/runtime";
import { type ListeningPeer, main, runServerProcess } from "../../shared/child.js";
import type { ServerConfig } from "../../shared/protocol.js";
import { PathServiceDef } from "./gen/service.js";
import { benchHandlers } from "./handlers.js";

/** A server process hosting the bench service on whatever `listen` binds it to. */
export function serveBench(
  listen: (server: Server, config: ServerConfig) => Promise<ListeningPeer>,
): void {
  main(() =>
    runServerProcess((config) => listen(createServer().add(PathServiceDef, benchHandlers), config)),
  );
}
