import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type CallContext, createServer, RpcCode, RpcError } from "@rpcgen/runtime";
import { attachWs } from "@rpcgen/transport-ws/node";
import { build } from "esbuild";
import { StreamServiceDef } from "../../../codegen/test/fixtures/gen/streams.js";
import type { StreamService } from "../../../codegen/test/fixtures/idl/streams.js";
import { httpHandler } from "../../src/server.js";

/** What the page's server saw: how each `watch("forever")` call ended, in order. */
export interface PageServer {
  readonly url: string;
  readonly aborts: string[];
  close(): Promise<void>;
}

/** Bundles page.ts for the browser with the workspace packages' TypeScript sources. */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./page.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@rpcgen/source"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

const html = `<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/app.js"></script>`;

/**
 * One node:http server for the browser test: the page and its bundle, the rpcgen HTTP handler
 * under /rpc and the WebSocket endpoint at /ws, all on one origin as a real app would be.
 */
export async function servePage(): Promise<PageServer> {
  const script = await bundle();
  const aborts: string[] = [];
  const handlers = {
    async ping() {},
    async search(query: string, limit?: number) {
      if (query === "nowhere") throw new RpcError(RpcCode.NotFound, `no place called ${query}`);
      return Array.from({ length: limit ?? 1 }, (_, i) => `${query}-${i}`);
    },
    async *watch(symbol: string, ctx: CallContext) {
      if (symbol !== "forever") {
        for (let i = 0; i < 5; i++) yield { at: new Date(Date.UTC(2026, 0, 1, 0, i)), value: i };
        return;
      }
      ctx.signal.addEventListener("abort", () => aborts.push(String(ctx.signal.reason?.code)));
      for (let i = 0; ; i++) {
        yield { at: new Date(), value: i };
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (ctx.signal.aborted) return;
      }
    },
    replay: async function* () {},
    tail: async function* () {},
    async upload() {
      return { count: 0 };
    },
    async *chat(messages: AsyncIterable<string>) {
      for await (const message of messages) yield `echo:${message}`;
    },
    async flush() {
      return undefined;
    },
  };
  const server = createServer({ onHandlerError: () => {} }).add<StreamService>(
    StreamServiceDef,
    handlers,
  );
  const rpc = httpHandler(server, { prefix: "/rpc" });
  const http: HttpServer = createHttpServer((req, res) => {
    rpc(req, res, () => {
      if (req.url === "/" || req.url === "/index.html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      } else if (req.url === "/app.js") {
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(script);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  const ws = attachWs(server, http, { path: "/ws" });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    aborts,
    async close() {
      await ws.close({ graceMs: 100 });
      await server.close({ graceMs: 100 });
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
