import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import type { FrameChannel, FrameSink } from "./frame-channel.js";

/**
 * Two linked in-memory frame channels: what one sends, the other receives on a later
 * microtask, copied so neither side can alias the other's buffers. Enforces the receiver's
 * frame limit like a byte-stream transport would. For tests and in-process wiring.
 */
export function createMemoryChannelPair(): [FrameChannel, FrameChannel] {
  const a = new MemoryChannel("memory:a");
  const b = new MemoryChannel("memory:b");
  a.other = b;
  b.other = a;
  return [a, b];
}

class MemoryChannel implements FrameChannel {
  other!: MemoryChannel;
  readonly peer: string;
  #sink: FrameSink | undefined;
  #maxFrameBytes = Number.POSITIVE_INFINITY;
  #held: Uint8Array[] = [];
  #closed = false;
  #failed = false;

  constructor(peer: string) {
    this.peer = peer;
  }

  start(sink: FrameSink, limits: { readonly maxFrameBytes: number }): void {
    this.#sink = sink;
    this.#maxFrameBytes = limits.maxFrameBytes;
    const held = this.#held;
    this.#held = [];
    for (const frame of held) this.deliver(frame);
  }

  send(frame: Uint8Array): void {
    if (this.#closed) return;
    const copy = frame.slice();
    const other = this.other;
    queueMicrotask(() => other.deliver(copy));
  }

  deliver(frame: Uint8Array): void {
    if (this.#closed || this.#failed) return;
    const sink = this.#sink;
    if (sink === undefined) {
      this.#held.push(frame);
      return;
    }
    if (frame.length > this.#maxFrameBytes) {
      this.#failed = true;
      sink.onProtocolError(
        new RpcError(
          RpcCode.ResourceExhausted,
          `frame of ${frame.length} bytes exceeds the limit maxFrameBytes = ${this.#maxFrameBytes}`,
        ),
      );
      return;
    }
    sink.onFrame(frame);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const other = this.other;
    // Closing after frames sent in the same turn must not overtake them.
    queueMicrotask(() => other.remoteClosed());
  }

  remoteClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sink?.onClose(
      new RpcError(RpcCode.Unavailable, `connection to ${this.peer} was closed by the peer`),
    );
  }
}
