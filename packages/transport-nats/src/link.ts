import { connect, createInbox, type NatsConnection } from "@nats-io/transport-node";
import { RpcCode, RpcError } from "@rpcgen/runtime";
import type { IncomingMsg } from "./wire.js";

/** How a {@link NatsLink} reaches NATS. */
export interface NatsLinkOptions {
  /** `host:port` or `nats://host:port` entries, tried in turn (unused with `connection`). */
  readonly servers: readonly string[];
  /** Shown by NATS tools as the connection's name. */
  readonly name: string;
  /** Time one connection attempt may take, in ms. */
  readonly connectTimeoutMs: number;
  /** Use this connection instead of making one; the link then never closes it. */
  readonly connection: NatsConnection | undefined;
}

/** Where a message for one of the link's subjects goes. */
export type Route = (msg: IncomingMsg) => void;

/**
 * One NATS connection as both ends of the transport use it: made on first use (a failure
 * rejects with `unavailable` and the next use tries again), reconnecting by itself after a
 * loss, and one wildcard subscription whose last token picks the call or stream a message
 * belongs to. While the server is unreachable {@link connected} is false, and `onLost` has
 * been told once, so calls can fail at once instead of waiting in the client's buffer.
 */
export class NatsLink {
  readonly url: string;
  readonly #options: NatsLinkOptions;
  readonly #onLost: (error: RpcError) => void;
  readonly #routes = new Map<string, Route>();
  #opening: Promise<NatsConnection> | undefined;
  #nc: NatsConnection | undefined;
  #inbox = "";
  #nextToken = 0;
  #connected = false;
  #closed = false;

  constructor(options: NatsLinkOptions, onLost: (error: RpcError) => void) {
    this.#options = options;
    this.#onLost = onLost;
    const given = options.connection?.getServer();
    const servers = given === undefined ? options.servers : [given];
    this.url = servers.map((s) => (s.includes("://") ? s : `nats://${s}`)).join(",");
  }

  /** True while the connection is up. */
  get connected(): boolean {
    return this.#connected;
  }

  /** The open connection, when {@link connected}. */
  get nc(): NatsConnection | undefined {
    return this.#connected ? this.#nc : undefined;
  }

  /** The prefix of this link's own subjects, `_INBOX.<unique>`. */
  get inbox(): string {
    return this.#inbox;
  }

  /** Connects if needed; rejects with `unavailable` naming the servers and the cause. */
  open(): Promise<NatsConnection> {
    if (this.#closed) {
      return Promise.reject(new RpcError(RpcCode.Unavailable, "the NATS transport is closed"));
    }
    if (this.#nc !== undefined) {
      return this.#connected
        ? Promise.resolve(this.#nc)
        : Promise.reject(
            new RpcError(
              RpcCode.Unavailable,
              `the NATS server at ${this.url} is unreachable; reconnecting`,
            ),
          );
    }
    this.#opening ??= this.#connect().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /** A fresh subject of this link, routed to `route` until {@link forget}. */
  subject(route: Route): { readonly subject: string; readonly token: string } {
    const token = (this.#nextToken++).toString(36);
    this.#routes.set(token, route);
    return { subject: `${this.#inbox}.${token}`, token };
  }

  /** Stops routing `token`'s messages. */
  forget(token: string): void {
    this.#routes.delete(token);
  }

  /** Closes the connection (unless it was given) after pending messages went out. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#connected = false;
    const nc = this.#nc ?? (await this.#opening?.catch(() => undefined));
    if (nc === undefined || this.#options.connection !== undefined) return;
    if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
  }

  async #connect(): Promise<NatsConnection> {
    let nc: NatsConnection;
    try {
      nc =
        this.#options.connection ??
        (await connect({
          servers: [...this.#options.servers],
          name: this.#options.name,
          timeout: this.#options.connectTimeoutMs,
          reconnect: true,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 250,
        }));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RpcError(RpcCode.Unavailable, `cannot connect to ${this.url}: ${reason}`, {
        cause: error,
      });
    }
    if (this.#closed) {
      if (this.#options.connection === undefined) await nc.close();
      throw new RpcError(RpcCode.Unavailable, "the NATS transport is closed");
    }
    this.#inbox = createInbox();
    const prefix = this.#inbox.length + 1;
    nc.subscribe(`${this.#inbox}.*`, {
      callback: (_error, msg) => {
        this.#routes.get(msg.subject.slice(prefix))?.(msg);
      },
    });
    this.#nc = nc;
    this.#connected = true;
    void this.#watch(nc);
    return nc;
  }

  async #watch(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === "disconnect" || status.type === "staleConnection") {
        if (!this.#connected) continue;
        this.#connected = false;
        this.#onLost(
          new RpcError(
            RpcCode.Unavailable,
            `lost the connection to the NATS server at ${this.url}`,
          ),
        );
      } else if (status.type === "reconnect") {
        this.#connected = !this.#closed;
      }
    }
    // The status stream ends when the connection closes for good.
    if (this.#connected) {
      this.#connected = false;
      this.#onLost(new RpcError(RpcCode.Unavailable, `the connection to ${this.url} closed`));
    }
  }
}
