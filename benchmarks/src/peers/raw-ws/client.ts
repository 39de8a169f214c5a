import { WebSocket } from "ws";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import type { FollowRequest, PathRequest, Position, Route } from "../../shared/service.js";
import { createCodec, FrameBatch, FrameReader, type RawCodec } from "../raw/framing.js";
import { RawKind } from "../raw/messages.js";
import { maxPayload } from "./limits.js";

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly onItem?: (item: Position) => void;
}

/**
 * The raw `ws` client: the raw TCP client's design (calls matched by id, a promise per call,
 * records per connection) with the calls of one microtask burst sent as one message.
 */
class RawWsClient implements BenchClient {
  readonly #socket: WebSocket;
  readonly #batch: FrameBatch;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #flushQueued = false;
  readonly #flush = (): void => {
    this.#flushQueued = false;
    const out = this.#batch.take();
    if (out !== undefined) this.#socket.send(out, { binary: true });
  };

  constructor(socket: WebSocket, { packr, unpackr }: RawCodec) {
    this.#socket = socket;
    this.#batch = new FrameBatch(packr);
    const frames = new FrameReader(unpackr, (message) =>
      this.#onMessage(message as [number, unknown?]),
    );
    socket.on("message", (data: Buffer) => frames.push(data));
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
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#send([id, RawKind.Unary, request]);
    });
  }

  follow(request: FollowRequest, onItem: (item: Position) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { resolve: () => resolve(), reject, onItem });
      this.#send([id, RawKind.Follow, request]);
    });
  }

  async close(): Promise<void> {
    this.#socket.close();
  }

  #send(message: unknown[]): void {
    this.#batch.add(message);
    if (!this.#flushQueued) {
      this.#flushQueued = true;
      queueMicrotask(this.#flush);
    }
  }

  #onMessage(reply: [number, unknown?]): void {
    const id = reply[0];
    const pending = this.#pending.get(id);
    if (pending === undefined) throw new Error(`reply for unknown call ${id}`);
    if (pending.onItem === undefined || reply.length === 1) {
      this.#pending.delete(id);
      pending.resolve(reply[1]);
    } else {
      pending.onItem(reply[1] as Position);
    }
  }
}

main(() =>
  runClientProcess(async ({ host, port }) => {
    const socket = new WebSocket(`ws://${host}:${port}/`, { maxPayload, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    return new RawWsClient(socket, createCodec({ records: true }));
  }),
);
