import { Agent, type IncomingMessage, request } from "node:http";
import { Packr } from "msgpackr";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import type { FollowRequest, PathRequest, Position, Route } from "../../shared/service.js";
import { FrameReader } from "../raw/framing.js";
import { followPath, unaryPath, unaryType } from "./paths.js";

/**
 * The raw node:http client: a keep-alive agent of its own per connection (the same settings as
 * `@rpcgen/transport-http/node`: 64 sockets, lifo, no Nagle), a request per call, the body
 * collected and unpacked, a promise per call. No header checks, no deadline, no metadata.
 */
class RawHttpClient implements BenchClient {
  readonly #agent = new Agent({
    keepAlive: true,
    maxSockets: 64,
    noDelay: true,
    scheduling: "lifo",
  });
  readonly #packr = new Packr({ useRecords: false });
  readonly #host: string;
  readonly #port: number;

  constructor(host: string, port: number) {
    this.#host = host;
    this.#port = port;
  }

  unary(body: PathRequest): Promise<Route> {
    return new Promise((resolve, reject) => {
      this.#post(unaryPath, body, reject, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          resolve(this.#packr.unpack(all) as Route);
        });
      });
    });
  }

  follow(body: FollowRequest, onItem: (item: Position) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#post(followPath, body, reject, (res) => {
        const reader = new FrameReader(this.#packr, (item) => onItem(item as Position));
        res.on("data", (chunk: Buffer) => reader.push(chunk));
        res.on("end", () => resolve());
      });
    });
  }

  async close(): Promise<void> {
    this.#agent.destroy();
  }

  #post(
    path: string,
    body: unknown,
    reject: (error: Error) => void,
    onResponse: (res: IncomingMessage) => void,
  ): void {
    const bytes = this.#packr.pack(body);
    const req = request({
      agent: this.#agent,
      host: this.#host,
      port: this.#port,
      method: "POST",
      path,
      headers: { "content-type": unaryType, "content-length": bytes.length },
    });
    req.on("error", reject);
    req.on("response", (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${path}: HTTP ${res.statusCode}`));
        return;
      }
      res.on("error", reject);
      onResponse(res);
    });
    req.end(bytes);
  }
}

main(() => runClientProcess(async ({ host, port }) => new RawHttpClient(host, port)));
