/**
 * The placeMyRide demo:
 *   `pnpm demo [--transport tcp|http|ws|stdio|nats] [--riders N] [--drivers M] [--redis URL] [--trace]
 *              [--path-replicas P] [--ride-replicas R] [--nats URL]`.
 * Starts the path service and two ride services as real processes (sharing sessions and driver
 * locks through Redis), logs riders in, books rides concurrently, follows a few rides, and
 * ends with one summary line. Exits non-zero on a double booking or an unexpected error.
 * With `--transport stdio` there is nothing to listen on: the demo runs each ride service as
 * its child over stdio, and each ride service runs its own path service the same way.
 * With `--transport nats` every service runs as replicas behind NATS (`--path-replicas`,
 * default 1, `--ride-replicas`, default 2, the latter only with Redis, where bookings live so
 * any ride replica serves any booking), and the summary adds how NATS spread the calls.
 * With `--trace` every process traces its calls (OpenTelemetry, trace context in metadata) and
 * the demo ends by printing the trace of a booking, and of a refused one, as indented trees.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { type ClientTransport, RpcError } from "@rpcgen/runtime";
import { createRideServiceClient, type RideServiceClient } from "../gen/ride.js";
import { clientOn, defaultNatsUrl, parseTransport, spawnService } from "../process/transports.js";
import { demoTracing } from "../tracing/tracing.js";
import { deletePrefix, redisAnswers } from "./redis.js";
import { type ServiceProcess, startService } from "./spawn-service.js";
import { spreadLine } from "./spread.js";
import { percentile, progressBar } from "./stats.js";

const { values } = parseArgs({
  strict: true,
  options: {
    transport: { type: "string", default: "tcp" },
    riders: { type: "string", default: "60" },
    drivers: { type: "string", default: "40" },
    redis: { type: "string" },
    follow: { type: "string", default: "3" },
    trace: { type: "boolean", default: false },
    "path-replicas": { type: "string", default: "1" },
    "ride-replicas": { type: "string", default: "2" },
    nats: { type: "string" },
  },
});
const transportName = parseTransport("demo", values.transport);
const pathReplicas = Number(values["path-replicas"]);
const rideReplicas = Number(values["ride-replicas"]);
if (!(Number.isInteger(pathReplicas) && pathReplicas >= 1 && rideReplicas >= 1)) {
  console.error("demo: --path-replicas and --ride-replicas must be whole numbers of at least 1");
  process.exit(2);
}
if (pathReplicas > 1 && transportName !== "nats") {
  console.error("demo: --path-replicas needs --transport nats (replicas share one NATS subject)");
  process.exit(2);
}
// This run's replicas meet under a subject prefix of their own, the path of the NATS URL.
const natsUrl = `${values.nats ?? defaultNatsUrl}/pmr-${randomUUID().slice(0, 8)}`;
const natsArgs = transportName === "nats" ? ["--nats", natsUrl] : [];
const riders = Number(values.riders);
const drivers = Number(values.drivers);
const redisUrl = values.redis ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `pmr:demo:${randomUUID()}:`;
const log = (line: string) => process.stdout.write(`${line}\n`);
const tracing = values.trace ? demoTracing() : undefined;
/** The root span of rider `i`'s booking, when tracing. */
const bookingSpan = (i: number) => `rider-${i} books a ride`;

const services: ServiceProcess[] = [];
const closers: (() => Promise<void>)[] = [];
let exitCode = 0;
try {
  // Two ride services only share drivers through Redis; without it one process books alone.
  const shared = await redisAnswers(redisUrl);
  log(`placeMyRide demo: ${riders} riders, ${drivers} drivers, transport ${transportName}`);
  log(
    shared
      ? `  shared state: Redis at ${redisUrl} (sessions, driver locks and bookings, key prefix ${prefix})`
      : `  shared state: in-process (no Redis at ${redisUrl}), so one ride service`,
  );
  // Without Redis, sessions, driver locks and bookings live in one process: one ride service.
  const rideCount = shared ? rideReplicas : 1;
  const rideArgs = ["--drivers", String(drivers), "--prefix", prefix];
  if (shared) rideArgs.push("--redis", redisUrl);
  rideArgs.push(...(tracing?.childArgs ?? []));
  const rideTransports: ClientTransport[] = [];
  const rideTargets: (string | undefined)[] = [];
  if (transportName === "stdio") {
    const children = Array.from({ length: rideCount }, (_, i) => {
      log(`  ride service ${i + 1} over stdio (its path service is its own child over stdio)`);
      return spawnService("ride", ["--path-url", "stdio", ...rideArgs]);
    });
    // Start the children (and theirs) now so the timed bookings do not include start-up.
    await Promise.all(children.map((child) => child.connect()));
    rideTransports.push(...children);
    rideTargets.push(...children.map(() => undefined));
  } else {
    const paths = await Promise.all(
      Array.from({ length: pathReplicas }, () =>
        startService("path", [
          "--transport",
          transportName,
          ...natsArgs,
          ...(tracing?.childArgs ?? []),
        ]),
      ),
    );
    services.push(...paths);
    const path = paths[0]!;
    log(`  path service  ${path.url}${pathReplicas > 1 ? ` (${pathReplicas} replicas)` : ""}`);
    const rides = await Promise.all(
      Array.from({ length: rideCount }, () =>
        startService("ride", [
          "--transport",
          transportName,
          "--path-url",
          path.url,
          ...natsArgs,
          ...rideArgs,
        ]),
      ),
    );
    services.push(...rides);
    if (transportName === "nats") {
      // One client: NATS hands each call to one of the replicas.
      log(`  ride service ${rides[0]!.url} (${rides.length} replicas)`);
      rideTransports.push(clientOn.nats(rides[0]!.url));
      rideTargets.push(rides[0]!.url);
    } else {
      rides.forEach((ride, i) => {
        log(`  ride service ${i + 1} ${ride.url}`);
        rideTransports.push(clientOn[transportName](ride.url));
        rideTargets.push(ride.url);
      });
    }
  }
  const clients: RideServiceClient[] = rideTransports.map((transport, i) => {
    closers.push(() => transport.close());
    return createRideServiceClient(transport, tracing?.clientOptions(rideTargets[i]));
  });
  const client = (i: number) => clients[i % clients.length]!;

  const centre = { lat: 48.8566, lon: 2.3522 };
  const spot = (i: number, salt: number) => ({
    lat: centre.lat + (((i * 7919 + salt * 104729) % 61) - 30) * 0.001,
    lon: centre.lon + (((i * 104729 + salt * 7919) % 61) - 30) * 0.0015,
  });
  const sessions = await Promise.all(
    Array.from({ length: riders }, (_, i) => client(i).login(`rider-${i}`)),
  );
  log(
    `\n${riders} riders logged in; booking all at once (${transportName === "nats" ? "NATS picks a ride replica per call" : "alternating ride services"})...`,
  );

  let done = 0;
  const latencies: number[] = [];
  const outcomes = await Promise.all(
    sessions.map(async (session, i) => {
      const started = performance.now();
      const book = () =>
        client(i + 1).placeMyRide(session.sessionId, spot(i, 1), spot(i, 2), undefined, {
          timeoutMs: 10_000,
        });
      try {
        const booking = await (tracing ? tracing.root(bookingSpan(i), book) : book());
        return { i, booking };
      } catch (error) {
        return { i, error: RpcError.from(error) };
      } finally {
        latencies.push(performance.now() - started);
        done++;
        if (process.stdout.isTTY) process.stdout.write(`\r  ${progressBar(done, riders)}`);
      }
    }),
  );
  log(process.stdout.isTTY ? "" : `  ${progressBar(done, riders)}`);

  const bookings = outcomes.flatMap((o) => ("booking" in o && o.booking ? [o] : []));
  const errors = outcomes.flatMap((o) => ("error" in o && o.error ? [o.error] : []));
  const byCode = new Map<string, number>();
  for (const e of errors) byCode.set(e.code, (byCode.get(e.code) ?? 0) + 1);
  for (const [code, n] of byCode)
    log(`  ${n} × ${code}: ${errors.find((e) => e.code === code)!.message}`);
  const unexpected = errors.filter((e) => e.code !== "resource_exhausted");

  for (const { i, booking } of bookings.slice(0, Number(values.follow))) {
    log(
      `\nrider-${i}: driver ${booking.driverId}, ${Math.round(booking.route.distanceMeters)} m, ~${Math.round(booking.route.etaSeconds / 60)} min`,
    );
    for await (const u of client(i + 1).rideUpdates(booking.bookingId)) {
      const where =
        "position" in u ? ` at ${u.position.lat.toFixed(4)}, ${u.position.lon.toFixed(4)}` : "";
      const detail =
        u.kind === "progress"
          ? `, ${Math.round(u.remainingMeters)} m to go`
          : u.kind === "arrived"
            ? `, ${Math.round(u.distanceMeters)} m driven`
            : "";
      log(`  ${u.kind.padEnd(11)}${where}${detail}`);
    }
  }

  const perDriver = new Map<string, number>();
  for (const { booking } of bookings)
    perDriver.set(booking.driverId, (perDriver.get(booking.driverId) ?? 0) + 1);
  const doubles = [...perDriver.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0);
  latencies.sort((a, b) => a - b);
  if (tracing) {
    const refused = outcomes.find((o) => "error" in o && o.error);
    for (const o of [bookings[0], refused]) {
      const tree = o && tracing.tree(bookingSpan(o.i));
      if (tree) log(`\n${tree}`);
    }
  }
  log("");
  const spread =
    transportName === "nats"
      ? `, spread: ${await spreadLine(natsUrl, [
          { label: "path", name: "PathService" },
          { label: "ride", name: "RideService" },
        ])}`
      : "";
  log(
    `placeMyRide: booked ${bookings.length} of ${riders} requests, ${doubles} double-bookings, p50 ${Math.round(percentile(latencies, 0.5))} ms, p99 ${Math.round(percentile(latencies, 0.99))} ms${spread}`,
  );
  if (doubles > 0 || unexpected.length > 0) exitCode = 1;
} catch (error) {
  console.error("demo failed:", error);
  for (const s of services) console.error(s.stderr());
  exitCode = 1;
} finally {
  for (const close of closers) await close();
  await Promise.all(services.map((s) => s.stop("SIGTERM")));
  if (await redisAnswers(redisUrl)) await deletePrefix(redisUrl, prefix);
  tracing?.close();
}
process.exit(exitCode);
