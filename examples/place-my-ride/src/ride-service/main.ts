/**
 * The ride service as its own process:
 *   pnpm ride-service --path-url tcp://127.0.0.1:7000 [--port N] [--host H] [--redis URL]
 *                     [--drivers M] [--seed S] [--session-ttl-ms T] [--booking-ttl-ms T]
 *                     [--step-ms T]
 * Shares sessions and driver locks through Redis when --redis or REDIS_URL is set (so several
 * ride services can run side by side), else keeps them in this process. Prints
 * `listening on <url>` when ready and drains on SIGTERM.
 */
import { parseArgs } from "node:util";
import { createServer } from "@rpcgen/runtime";
import { listenTcp, tcpTransport } from "@rpcgen/transport-tcp";
import { createPathServiceClient } from "../gen/path.js";
import { RideServiceDef } from "../gen/ride.js";
import { requireTcp, stopOnSignal } from "../process/service-process.js";
import { createDriverPool, createSharedState, seedDrivers } from "../state/index.js";
import { rideHandlers } from "./handlers.js";

const { values } = parseArgs({
  strict: true,
  options: {
    transport: { type: "string", default: "tcp" },
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    "path-url": { type: "string" },
    redis: { type: "string" },
    prefix: { type: "string", default: "pmr:" },
    drivers: { type: "string", default: "40" },
    seed: { type: "string", default: "7" },
    "session-ttl-ms": { type: "string", default: "600000" },
    "step-ms": { type: "string", default: "20" },
    "booking-ttl-ms": { type: "string", default: "120000" },
  },
});
requireTcp("ride-service", values.transport);
if (values["path-url"] === undefined) {
  console.error("ride-service: --path-url tcp://host:port of the path service is required");
  process.exit(2);
}

const pathUrl = new URL(values["path-url"]);
const pathTransport = tcpTransport({ host: pathUrl.hostname, port: Number(pathUrl.port) });
const state = await createSharedState({ redisUrl: values.redis, prefix: values.prefix });
state.redis?.on("error", (error: Error) => console.error("ride-service: redis:", error.message));
const drivers = seedDrivers({
  count: Number(values.drivers),
  seed: Number(values.seed),
  center: { lat: 48.8566, lon: 2.3522 },
  radiusMeters: 4000,
});
const server = createServer().add(
  RideServiceDef,
  rideHandlers({
    sessions: state.sessions,
    pool: createDriverPool(state.locks, drivers),
    paths: createPathServiceClient(pathTransport),
    sessionTtlMs: Number(values["session-ttl-ms"]),
    bookingTtlMs: Number(values["booking-ttl-ms"]),
    stepMs: Number(values["step-ms"]),
    routeTimeoutMs: 2000,
  }),
);
const listener = await listenTcp(server, { port: Number(values.port), host: values.host });
console.error(`ride-service: ${drivers.length} drivers, ${state.kind} shared state`);
console.log(`listening on ${listener.url}`);

stopOnSignal(async () => {
  await listener.close({ graceMs: 5000 });
  await Promise.all([pathTransport.close(), state.close()]);
});
