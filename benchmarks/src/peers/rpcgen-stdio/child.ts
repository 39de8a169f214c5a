import { createServer } from "@rpcgen/runtime";
import { serveStdio } from "@rpcgen/transport-stdio";
import { PathServiceDef } from "../rpcgen/gen/service.js";
import { benchHandlers } from "../rpcgen/handlers.js";

// The real rpcgen-stdio server: a child of the client process, serving over its own stdio.
serveStdio(createServer().add(PathServiceDef, benchHandlers));
