/**
 * The path service as its own process:
 *   pnpm path-service [--transport tcp|http|ws|stdio] [--port N] [--host H] [--seed S]
 *                     [--geojson FILE]
 * Builds the seeded synthetic city (or loads an OpenStreetMap extract in GeoJSON), serves PathService, prints `listening on <url>` once ready
 * and shuts down cleanly on SIGTERM (calls in flight finish).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createServer } from "@rpcgen/runtime";
import { PathServiceDef } from "../gen/path.js";
import { buildNearestIndex, buildSyntheticCity, loadGeoJson } from "../path/index.js";
import { announce, stopOnSignal } from "../process/service-process.js";
import { parseTransport, serveOn } from "../process/transports.js";
import { pathHandlers } from "./handlers.js";

const { values } = parseArgs({
  strict: true,
  options: {
    transport: { type: "string", default: "tcp" },
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string", default: "2024" },
    geojson: { type: "string" },
  },
});
const transport = parseTransport("path-service", values.transport);

const started = performance.now();
const graph =
  values.geojson === undefined
    ? buildSyntheticCity({ seed: Number(values.seed) }).graph
    : loadGeoJson(readFileSync(values.geojson, "utf8"), { largestComponentOnly: true }).graph;
const index = buildNearestIndex(graph);
const server = createServer().add(PathServiceDef, pathHandlers(graph, index));
const serving = await serveOn(server, transport, {
  port: Number(values.port),
  host: values.host,
});
console.error(
  `path-service: ${graph.nodeCount} intersections ready in ${Math.round(performance.now() - started)} ms`,
);
announce(serving);

stopOnSignal(serving, () => serving.close(5000));
