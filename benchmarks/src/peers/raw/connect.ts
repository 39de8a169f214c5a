import { connect, type Socket } from "node:net";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import type { FollowRequest, PathRequest, Position, Route } from "../../shared/service.js";
import { createCodec, FrameBatch, FrameReader, type RawWire } from "./framing.js";
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
  readonly #batch: FrameBatch;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #flushQueued = false;
  readonly #flush = (): void => {
    this.#flushQueued = false;
    const out = this.#batch.take();
    if (out !== undefined) this.#socket.write(out);
  };

  constructor(socket: Socket, wire: RawWire) {
    this.#socket = socket;
    const { packr, unpackr } = createCodec(wire);
    this.#batch = new FrameBatch(packr);
    const reader = new FrameReader(unpackr, (message) => this.#onMessage(message));
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
   * share one write, made once the burst's microtasks have run.
   */
  #send(message: unknown[]): void {
    this.#batch.add(message);
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      queueMicrotask(this.#flush);
    }
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

/** A raw client process (client.ts of `raw` and `raw-plain`). */
export function runRawClient(wire: RawWire): void {
  main(() =>
    runClientProcess(async ({ host, port }) => {
      const socket = connect({ host, port, noDelay: true });
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("error", reject);
      });
      return new RawClient(socket, wire);
    }),
  );
}
