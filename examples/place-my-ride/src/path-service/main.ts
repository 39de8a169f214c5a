/**
 * The path service as its own process:
 *   pnpm path-service [--transport tcp|http|ws|stdio|nats] [--port N] [--host H] [--seed S]
 *                     [--geojson FILE] [--trace-file FILE] [--nats URL]
 * Builds the seeded synthetic city (or loads an OpenStreetMap extract in GeoJSON), serves PathService, prints `listening on <url>` once ready
 * and shuts down cleanly on SIGTERM (calls in flight finish). With --trace-file, each call is
 * traced (OpenTelemetry) and its span appended to FILE.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { addHealth, addReflection, createServer } from "@rpcgen/runtime";
import { PathServiceDef } from "../gen/path.js";
import { buildNearestIndex, buildSyntheticCity, loadGeoJson } from "../path/index.js";
import { announce, stopOnSignal } from "../process/service-process.js";
import { parseTransport, serveOn } from "../process/transports.js";
import { traceToFile } from "../tracing/tracing.js";
import { pathHandlers } from "./handlers.js";

const { values } = parseArgs({
  strict: true,
  options: {
    transport: { type: "string", default: "tcp" },
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string", default: "2024" },
    geojson: { type: "string" },
    "trace-file": { type: "string" },
    nats: { type: "string" },
  },
});
const transport = parseTransport("path-service", values.transport);

const started = performance.now();
const graph =
  values.geojson === undefined
    ? buildSyntheticCity({ seed: Number(values.seed) }).graph
    : loadGeoJson(readFileSync(values.geojson, "utf8"), { largestComponentOnly: true }).graph;
const index = buildNearestIndex(graph);
const tracing = traceToFile(values["trace-file"], "path-service");
const server = createServer(tracing.serverOptions).add(PathServiceDef, pathHandlers(graph, index));
// Reflection and health, so `rpcgen call <url> PathService.shortestPath '{...}'` works as is.
const schema = JSON.parse(
  readFileSync(new URL("../gen/path.schema.json", import.meta.url), "utf8"),
);
addReflection(server, { schemas: [schema] });
const health = addHealth(server, { services: [PathServiceDef] });
const serving = await serveOn(server, transport, {
  port: Number(values.port),
  host: values.host,
  nats: values.nats,
});
console.error(
  `path-service: ${graph.nodeCount} intersections ready in ${Math.round(performance.now() - started)} ms`,
);
announce(serving);

stopOnSignal(serving, () => {
  // Health checks say not_serving before the connections drain.
  health.drain();
  return serving.close(5000);
});
