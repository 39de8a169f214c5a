/**
 * The source of the server the end-to-end test writes next to the generated code and runs in
 * a child process. It imports only what a user's server would: the generated modules and
 * `@rpcgen/runtime` / `@rpcgen/transport-tcp`, resolved from the temporary directory's place
 * in the repository. It prints `listening on <url>` once ready and exits 0 on SIGTERM after a
 * graceful close.
 *
 * Handlers report what they received where the test can see it: `shortestPath` puts the keys
 * of its request (and of `req.from`) into the `x-keys` trailer, `search` returns its arguments
 * as strings, `upload` counts only items whose `at` arrived as a Date.
 */
export const serverSource = `import { createServer } from "@rpcgen/runtime";
import { listenTcp } from "@rpcgen/transport-tcp";
import { type PathServiceHandlers, PathServiceDef } from "./gen/path.js";
import { type StreamServiceHandlers, StreamServiceDef } from "./gen/streams.js";

const route = (from: { lat: number; lon: number }, to: { lat: number; lon: number }, detour: number) => {
  const distanceMeters = Math.hypot(to.lat - from.lat, to.lon - from.lon) * 111_000 * detour;
  return { distanceMeters, etaSeconds: distanceMeters / 10, path: [from, to] };
};

const paths: PathServiceHandlers = {
  shortestPath(req, ctx) {
    ctx.trailers["x-keys"] = JSON.stringify({ req: Object.keys(req), from: Object.keys(req.from) });
    return route(req.from, req.to, 1);
  },
  async *alternatives(req) {
    for (const detour of [1, 1.5, 2]) yield route(req.from, req.to, detour);
  },
};

async function* ticks(symbol: string, start: Date) {
  for (let i = 0; i < 3; i++) yield { at: new Date(start.getTime() + i * 1000), value: symbol.length + i };
}

const streams: StreamServiceHandlers = {
  ping() {
    return undefined;
  },
  search(query, limit, cursor) {
    return [query, String(limit), String(cursor)];
  },
  watch(symbol) {
    return ticks(symbol, new Date(Date.UTC(2030, 0, 1)));
  },
  replay(from) {
    return ticks(from instanceof Date ? "date" : "not a date", from);
  },
  tail(symbol) {
    return ticks(symbol, new Date(0));
  },
  async upload(items) {
    let count = 0;
    for await (const tick of items) if (tick.at instanceof Date) count++;
    return { count };
  },
  async *chat(messages) {
    for await (const message of messages) yield message.toUpperCase();
  },
  flush() {
    return undefined;
  },
};

const server = createServer({ onHandlerError: () => {} })
  .add(PathServiceDef, paths)
  .add(StreamServiceDef, streams);
const listener = await listenTcp(server, { port: 0 });

process.once("SIGTERM", () => {
  listener.close({ graceMs: 2000 }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("close failed", error);
      process.exit(1);
    },
  );
});
// The test holds our stdin open; if it dies without killing us, do not linger.
process.stdin.on("end", () => process.exit(2));
process.stdin.resume();

process.stdout.write(\`listening on \${listener.url}\\n\`);
`;
