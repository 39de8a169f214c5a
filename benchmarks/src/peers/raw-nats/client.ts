import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Packr, Unpackr } from "msgpackr";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import type { FollowRequest, PathRequest, Position, Route } from "../../shared/service.js";
import { FrameReader } from "../raw/framing.js";
import { prefixOf } from "./subjects.js";

/**
 * The plain NATS client: `nc.request` per unary call (the client library's own request/reply,
 * one shared reply subscription), and a subscription of its own per stream.
 */
class RawNatsClient implements BenchClient {
  readonly #nc: NatsConnection;
  readonly #prefix: string;
  readonly #packr = new Packr({ useRecords: false });
  readonly #unpackr = new Unpackr({ useRecords: false });

  constructor(nc: NatsConnection, prefix: string) {
    this.#nc = nc;
    this.#prefix = prefix;
  }

  async unary(request: PathRequest): Promise<Route> {
    const reply = await this.#nc.request(`${this.#prefix}.unary`, this.#packr.pack(request), {
      timeout: 60_000,
    });
    return this.#unpackr.unpack(reply.data) as Route;
  }

  follow(request: FollowRequest, onItem: (item: Position) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const inbox = `_INBOX.${this.#prefix}.${Math.random().toString(36).slice(2)}`;
      const items = new FrameReader(this.#unpackr, (item) => onItem(item as Position));
      const sub = this.#nc.subscribe(inbox, {
        callback: (error, msg) => {
          if (error !== null) {
            reject(error);
            return;
          }
          if (msg.data.length === 0) {
            sub.unsubscribe();
            resolve();
            return;
          }
          items.push(Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.length));
        },
      });
      this.#nc.publish(`${this.#prefix}.follow`, this.#packr.pack(request), { reply: inbox });
    });
  }

  close(): Promise<void> {
    return this.#nc.close();
  }
}

main(() =>
  runClientProcess(async ({ path }) => {
    if (path === undefined) throw new Error("the raw-nats server announced no NATS URL");
    const url = new URL(path);
    const nc = await connect({ servers: `${url.protocol}//${url.host}` });
    return new RawNatsClient(nc, prefixOf(path));
  }),
);
