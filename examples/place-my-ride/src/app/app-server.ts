/**
 * One origin for everything the page loads: its files, the map, rpcgen over HTTP under `/rpc`
 * (what the page's fetch client calls) and over WebSocket at `/ws`, so the browser needs no
 * CORS.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "@rpcgen/runtime";
import { httpHandler } from "@rpcgen/transport-http/server";
import { attachWs } from "@rpcgen/transport-ws/node";
import type { PageAssets } from "./bundle.js";
import type { RoadMap } from "./road-map.js";

/** Options for {@link serveApp}. */
export interface ServeAppOptions {
  readonly port: number;
  readonly host: string;
  readonly page: PageAssets;
  readonly map: RoadMap;
}

/** The app being served. */
export interface AppListener {
  /** `http://127.0.0.1:PORT/`: the page. */
  readonly url: string;
  /** The rpcgen HTTP endpoint, for clients in Node (the page's fetch client uses `/rpc`). */
  readonly rpcUrl: string;
  /** Refuses new calls, lets calls in flight finish for up to `graceMs`, then closes. */
  close(graceMs: number): Promise<void>;
}

/** Serves the page, the map and `server` on one port. */
export async function serveApp(server: Server, options: ServeAppOptions): Promise<AppListener> {
  const files = new Map(options.page);
  files.set("/map.json", {
    type: "application/json",
    body: new TextEncoder().encode(JSON.stringify(options.map.info)),
  });
  files.set("/roads.bin", { type: "application/octet-stream", body: options.map.roads });
  const rpc = httpHandler(server, { prefix: "/rpc" });
  const sendFile = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://app").pathname;
    const file = files.get(path === "/index.html" ? "/" : path);
    if (file === undefined || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(file === undefined ? 404 : 405, { "content-type": "text/plain" });
      res.end(file === undefined ? `no such page: ${path}\n` : "GET only\n");
      return;
    }
    res.writeHead(200, {
      "content-type": file.type,
      "content-length": file.body.byteLength,
      "cache-control": "no-cache",
    });
    res.end(req.method === "HEAD" ? undefined : file.body);
  };
  const http = createHttpServer((req, res) => rpc(req, res, () => sendFile(req, res)));
  const ws = attachWs(server, http, { path: "/ws" });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const origin = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
  return {
    url: `${origin}/`,
    rpcUrl: `${origin}/rpc`,
    async close(graceMs) {
      await Promise.all([ws.close({ graceMs }), server.close({ graceMs })]);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
