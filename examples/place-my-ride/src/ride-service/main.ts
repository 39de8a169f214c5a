/**
 * The ride service as its own process:
 *   pnpm ride-service --path-url tcp://127.0.0.1:7000 [--transport tcp|http|ws|stdio|nats]
 *                     [--port N] [--host H] [--redis URL] [--drivers M] [--seed S]
 *                     [--session-ttl-ms T] [--booking-ttl-ms T] [--step-ms T] [--trace-file FILE]
 *                     [--nats URL]
 * --path-url is the URL the path service announced, on the same --transport (tcp://, http://
 * or ws://), or `stdio` to run the path service as this process's child and talk to it over
 * its stdin/stdout.
 * Shares sessions and driver locks through Redis when --redis or REDIS_URL is set (so several
 * ride services can run side by side), else keeps them in this process. Prints
 * `listening on <url>` when ready and drains on SIGTERM. With --trace-file, each call (served, and
 * made to the path service) is traced (OpenTelemetry) and its span appended to FILE.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { addHealth, addReflection, type ClientTransport, createServer } from "@rpcgen/runtime";
import { createPathServiceClient } from "../gen/path.js";
import { RideServiceDef } from "../gen/ride.js";
import { announce, stopOnSignal } from "../process/service-process.js";
import { clientOn, parseTransport, serveOn, spawnService } from "../process/transports.js";
import { createDriverPool, createSharedState, seedDrivers } from "../state/index.js";
import { traceToFile } from "../tracing/tracing.js";
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
    "trace-file": { type: "string" },
    nats: { type: "string" },
  },
});
const transport = parseTransport("ride-service", values.transport);
const pathUrl = values["path-url"];
if (pathUrl === undefined) {
  console.error(
    "ride-service: --path-url (the path service's URL on the same --transport, or stdio) is required",
  );
  process.exit(2);
}

const tracing = traceToFile(values["trace-file"], "ride-service");
let pathTransport: ClientTransport;
if (pathUrl === "stdio") {
  const child = spawnService("path", tracing.childArgs);
  // Our own path service starts now, not on the first booking (it builds its city first).
  await child.connect();
  pathTransport = child;
} else if (transport === "stdio") {
  console.error("ride-service: with --transport stdio, --path-url must be stdio");
  process.exit(2);
} else {
  try {
    pathTransport = clientOn[transport](pathUrl);
  } catch (error) {
    // The transport names what is wrong with the URL and the forms it accepts.
    console.error(`ride-service: --path-url: ${(error as Error).message}`);
    process.exit(2);
  }
}
const state = await createSharedState({ redisUrl: values.redis, prefix: values.prefix });
state.redis?.on("error", (error: Error) => console.error("ride-service: redis:", error.message));
const drivers = seedDrivers({
  count: Number(values.drivers),
  seed: Number(values.seed),
  center: { lat: 48.8566, lon: 2.3522 },
  radiusMeters: 4000,
});
const server = createServer(tracing.serverOptions).add(
  RideServiceDef,
  rideHandlers({
    sessions: state.sessions,
    pool: createDriverPool(state.locks, drivers),
    locks: state.locks,
    bookings: state.bookings,
    paths: createPathServiceClient(
      pathTransport,
      tracing.clientOptions(pathUrl === "stdio" ? undefined : pathUrl),
    ),
    sessionTtlMs: Number(values["session-ttl-ms"]),
    bookingTtlMs: Number(values["booking-ttl-ms"]),
    stepMs: Number(values["step-ms"]),
    routeTimeoutMs: 2000,
  }),
);
// Reflection and health, so `rpcgen call <url> RideService.login '"rider-1"'` works as is.
const schema = JSON.parse(
  readFileSync(new URL("../gen/ride.schema.json", import.meta.url), "utf8"),
);
addReflection(server, { schemas: [schema] });
const health = addHealth(server, { services: [RideServiceDef] });
const serving = await serveOn(server, transport, {
  port: Number(values.port),
  host: values.host,
  nats: values.nats,
});
console.error(`ride-service: ${drivers.length} drivers, ${state.kind} shared state`);
announce(serving);

stopOnSignal(serving, async () => {
  // Health checks say not_serving before the connections drain.
  health.drain();
  await serving.close(5000);
  await Promise.all([pathTransport.close(), state.close()]);
});
