/**
 * @rpcgen/transport-nats: rpcgen services as replicas behind NATS. `serveNats` answers on
 * queue-group subjects and registers with the NATS service API; `natsTransport` reaches them
 * from any process. See docs/nats.md.
 */

export type { NatsTransportOptions } from "./client/options.js";
export type { NatsTransport } from "./client/transport.js";
export { natsTransport } from "./client/transport.js";
export { type EndpointStats, type ReplicaStats, replicaStats } from "./discovery.js";
export type { NatsServer, ServeNatsOptions } from "./server/options.js";
export { serveNats } from "./server/serve.js";
