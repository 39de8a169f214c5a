import { connect, type Socket } from "node:net";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import type { FollowRequest, PathRequest, Position, Route } from "../../shared/service.js";
import { createPackr, encodeFrame, FrameReader } from "./framing.js";
import { RawKind } from "./messages.js";

type Pending =
  | {
      readonly kind: "unary";
      readonly resolve: (route: Route) => void;
      readonly reject: (error: Error) => void;
    }
  | {
      readonly kind: "follow";
      readonly onItem: (item: Position) => void;
      readonly resolve: () => void;
      readonly reject: (error: Error) => void;
    };

/**
 * The raw client: many calls in flight on one socket, matched to replies by id. A promise per
 * unary call is the least an async API can do, so the raw peer pays for that too.
 */
class RawClient implements BenchClient {
  readonly #socket: Socket;
  readonly #packr = createPackr();
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #corked = false;
  readonly #uncork = (): void => {
    this.#corked = false;
    this.#socket.uncork();
  };

  constructor(socket: Socket) {
    this.#socket = socket;
    const reader = new FrameReader(this.#packr, (message) => this.#onMessage(message));
    socket.on("data", (chunk: Buffer) => reader.push(chunk));
    // A lost connection fails every call in flight, so the driver reports it instead of hanging.
    const failAll = (error: Error): void => {
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    socket.on("error", failAll);
    socket.on("close", () => failAll(new Error("connection closed")));
  }

  unary(request: PathRequest): Promise<Route> {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { kind: "unary", resolve, reject });
      this.#send([id, RawKind.Unary, request]);
    });
  }

  follow(request: FollowRequest, onItem: (item: Position) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { kind: "follow", onItem, resolve, reject });
      this.#send([id, RawKind.Follow, request]);
    });
  }

  async close(): Promise<void> {
    this.#socket.end();
  }

  /**
   * Calls made in the same microtask burst (the continuations woken by one chunk of replies)
   * share one writev: cork on the first, uncork after the burst.
   */
  #send(message: unknown[]): void {
    if (!this.#corked) {
      this.#corked = true;
      this.#socket.cork();
      queueMicrotask(this.#uncork);
    }
    this.#socket.write(encodeFrame(this.#packr, message));
  }

  #onMessage(message: unknown): void {
    const reply = message as [number, unknown?];
    const id = reply[0];
    const pending = this.#pending.get(id);
    if (pending === undefined) throw new Error(`reply for unknown call ${id}`);
    if (pending.kind === "unary") {
      this.#pending.delete(id);
      pending.resolve(reply[1] as Route);
    } else if (reply.length === 1) {
      this.#pending.delete(id);
      pending.resolve();
    } else {
      pending.onItem(reply[1] as Position);
    }
  }
}

main(() =>
  runClientProcess(async ({ host, port }) => {
    const socket = connect({ host, port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    return new RawClient(socket);
  }),
);
