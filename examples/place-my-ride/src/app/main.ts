/**
 * placeMyRide in a browser:
 *   pnpm app [--port N] [--host H] [--redis URL] [--drivers M] [--seed S] [--step-ms T]
 * Builds the synthetic city, serves PathService and RideService (sessions, driver locks and
 * bookings in Redis when it answers at --redis, REDIS_URL or 127.0.0.1:6379, in this process
 * otherwise) and the page that books rides on a map through the generated clients: the routes
 * over HTTP (fetch), the booking and its updates over WebSocket. Prints
 * `listening on http://127.0.0.1:PORT/` and drains on SIGTERM.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createServer } from "@rpcgen/runtime";
import { httpTransport } from "@rpcgen/transport-http/node";
import { deletePrefix, redisAnswers } from "../demo/redis.js";
import { createPathServiceClient, PathServiceDef } from "../gen/path.js";
import { RideServiceDef } from "../gen/ride.js";
import { buildNearestIndex, buildSyntheticCity } from "../path/index.js";
import { pathHandlers } from "../path-service/handlers.js";
import { rideHandlers } from "../ride-service/handlers.js";
import { createDriverPool, createSharedState, seedDrivers } from "../state/index.js";
import { serveApp } from "./app-server.js";
import { buildPage } from "./bundle.js";
import { roadMap } from "./road-map.js";

const { values } = parseArgs({
  strict: true,
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    redis: { type: "string" },
    drivers: { type: "string", default: "40" },
    seed: { type: "string", default: "2024" },
    "step-ms": { type: "string", default: "700" },
  },
});
const numbers = { port: Number(values.port), drivers: Number(values.drivers) };
const stepMs = Number(values["step-ms"]);
if (!(Number.isInteger(numbers.port) && numbers.port >= 0 && numbers.drivers >= 1 && stepMs >= 0)) {
  console.error("app: --port must be a port number, --drivers at least 1, --step-ms at least 0");
  process.exit(2);
}

const redisUrl = values.redis ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// `--redis ""` keeps the state in this process even when a Redis answers.
const [page, redisUp] = await Promise.all([
  buildPage(),
  redisUrl === "" ? false : redisAnswers(redisUrl),
]);
// This run's keys, so two apps (or an app and the demo) on one Redis keep their drivers apart.
const prefix = `pmr:app:${randomUUID()}:`;
const state = await createSharedState({ redisUrl: redisUp ? redisUrl : "", prefix });
state.redis?.on("error", (error: Error) => console.error("app: redis:", error.message));

const city = buildSyntheticCity({ seed: Number(values.seed) });
const server = createServer().add(
  PathServiceDef,
  pathHandlers(city.graph, buildNearestIndex(city.graph)),
);
const app = await serveApp(server, {
  port: numbers.port,
  host: values.host,
  page,
  map: roadMap(city.graph, city.centre, city.airport),
});
// The ride service asks the path service for its routes over RPC, as it does in its own
// process; here the path service is one loopback hop away, on this very listener.
const paths = httpTransport(app.rpcUrl);
server.add(
  RideServiceDef,
  rideHandlers({
    sessions: state.sessions,
    pool: createDriverPool(
      state.locks,
      seedDrivers({ count: numbers.drivers, seed: 7, center: city.centre, radiusMeters: 4000 }),
    ),
    locks: state.locks,
    bookings: state.bookings,
    paths: createPathServiceClient(paths),
    sessionTtlMs: 3_600_000,
    bookingTtlMs: 120_000,
    stepMs,
    routeTimeoutMs: 2000,
  }),
);
console.error(
  `app: ${city.graph.edgeCount} road edges, ${numbers.drivers} drivers, ${state.kind} shared state${
    redisUp ? ` (Redis at ${redisUrl}, key prefix ${prefix})` : ""
  }`,
);
console.log(`listening on ${app.url}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    await app.close(5000);
    await paths.close();
    if (redisUp) await deletePrefix(redisUrl, prefix);
    await state.close();
  })().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("app: shutdown failed:", error);
      process.exit(1);
    },
  );
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
