/**
 * The placeMyRide demo:
 *   `pnpm demo [--transport tcp|http|ws|stdio] [--riders N] [--drivers M] [--redis URL]`.
 * Starts the path service and two ride services as real processes (sharing sessions and driver
 * locks through Redis), logs riders in, books rides concurrently, follows a few rides, and
 * ends with one summary line. Exits non-zero on a double booking or an unexpected error.
 * With `--transport stdio` there is nothing to listen on: the demo runs each ride service as
 * its child over stdio, and each ride service runs its own path service the same way.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { type ClientTransport, RpcError } from "@rpcgen/runtime";
import { createRideServiceClient, type RideServiceClient } from "../gen/ride.js";
import { clientOn, parseTransport, spawnService } from "../process/transports.js";
import { deletePrefix, redisAnswers } from "./redis.js";
import { type ServiceProcess, startService } from "./spawn-service.js";
import { percentile, progressBar } from "./stats.js";

const { values } = parseArgs({
  strict: true,
  options: {
    transport: { type: "string", default: "tcp" },
    riders: { type: "string", default: "60" },
    drivers: { type: "string", default: "40" },
    redis: { type: "string" },
    follow: { type: "string", default: "3" },
  },
});
const transportName = parseTransport("demo", values.transport);
const riders = Number(values.riders);
const drivers = Number(values.drivers);
const redisUrl = values.redis ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `pmr:demo:${randomUUID()}:`;
const log = (line: string) => process.stdout.write(`${line}\n`);

const services: ServiceProcess[] = [];
const closers: (() => Promise<void>)[] = [];
let exitCode = 0;
try {
  // Two ride services only share drivers through Redis; without it one process books alone.
  const shared = await redisAnswers(redisUrl);
  log(`placeMyRide demo: ${riders} riders, ${drivers} drivers, transport ${transportName}`);
  log(
    shared
      ? `  shared state: Redis at ${redisUrl} (sessions and driver locks, key prefix ${prefix})`
      : `  shared state: in-process (no Redis at ${redisUrl}), so one ride service`,
  );
  const rideCount = shared ? 2 : 1;
  const rideArgs = ["--drivers", String(drivers), "--prefix", prefix];
  if (shared) rideArgs.push("--redis", redisUrl);
  const rideTransports: ClientTransport[] = [];
  if (transportName === "stdio") {
    const children = Array.from({ length: rideCount }, (_, i) => {
      log(`  ride service ${i + 1} over stdio (its path service is its own child over stdio)`);
      return spawnService("ride", ["--path-url", "stdio", ...rideArgs]);
    });
    // Start the children (and theirs) now so the timed bookings do not include start-up.
    await Promise.all(children.map((child) => child.connect()));
    rideTransports.push(...children);
  } else {
    const path = await startService("path", ["--transport", transportName]);
    services.push(path);
    log(`  path service  ${path.url}`);
    const rides = await Promise.all(
      Array.from({ length: rideCount }, () =>
        startService("ride", ["--transport", transportName, "--path-url", path.url, ...rideArgs]),
      ),
    );
    services.push(...rides);
    rides.forEach((ride, i) => {
      log(`  ride service ${i + 1} ${ride.url}`);
      rideTransports.push(clientOn[transportName](ride.url));
    });
  }
  const clients: RideServiceClient[] = rideTransports.map((transport) => {
    closers.push(() => transport.close());
    return createRideServiceClient(transport);
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
  log(`\n${riders} riders logged in; booking all at once (alternating ride services)...`);

  let done = 0;
  const latencies: number[] = [];
  const outcomes = await Promise.all(
    sessions.map(async (session, i) => {
      const started = performance.now();
      try {
        const booking = await client(i + 1).placeMyRide(session.sessionId, spot(i, 1), spot(i, 2), {
          timeoutMs: 10_000,
        });
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
  log("");
  log(
    `placeMyRide: booked ${bookings.length} of ${riders} requests, ${doubles} double-bookings, p50 ${Math.round(percentile(latencies, 0.5))} ms, p99 ${Math.round(percentile(latencies, 0.99))} ms`,
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
}
process.exit(exitCode);
