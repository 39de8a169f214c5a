import { serveNats } from "@rpcgen/transport-nats";
import { benchPrefix, natsUrl } from "../raw-nats/subjects.js";
import { serveBench } from "../rpcgen/server.js";

// The replica announces its URL (the NATS server, with its subject prefix as path) where a
// Unix-socket peer announces its path.
serveBench(async (server) => {
  const replica = await serveNats(server, { servers: natsUrl, subjectPrefix: benchPrefix() });
  return { port: 0, path: replica.url, close: () => replica.close({ graceMs: 1000 }) };
});
