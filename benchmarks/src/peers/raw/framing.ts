import { Packr } from "msgpackr";

/**
 * The raw peer's whole wire format: a 4-byte big-endian length, then one msgpack value.
 * `useRecords: false` keeps the bytes plain MessagePack: the raw peer is the naive limit, one
 * self-contained msgpack value per message. rpcgen's sessions go further and send each object
 * shape once per connection (msgpackr records, docs/protocol.md), so they can beat it.
 */
export function createPackr(): Packr {
  return new Packr({ useRecords: false });
}

/** Packs `value` and returns prefix+body as one buffer, so each message is one write. */
export function encodeFrame(packr: Packr, value: unknown): Buffer {
  const body = packr.pack(value);
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeUInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

/**
 * Splits a byte stream into decoded messages. Frames wholly inside a chunk are decoded in
 * place; only a frame split across chunks is copied, and only its own bytes.
 */
export class FrameReader {
  readonly #packr: Packr;
  readonly #onMessage: (message: unknown) => void;
  /** Bytes of a split frame (or a split length prefix) waiting for the rest. */
  #partial: Buffer | undefined;
  #partialFill = 0;

  constructor(packr: Packr, onMessage: (message: unknown) => void) {
    this.#packr = packr;
    this.#onMessage = onMessage;
  }

  push(chunk: Buffer): void {
    let offset = 0;
    if (this.#partial !== undefined) {
      offset = this.#fillPartial(chunk);
      if (this.#partial !== undefined) return;
    }
    const end = chunk.length;
    while (end - offset >= 4) {
      const length = chunk.readUInt32BE(offset);
      if (end - offset - 4 < length) break;
      this.#onMessage(this.#packr.unpack(chunk.subarray(offset + 4, offset + 4 + length)));
      offset += 4 + length;
    }
    if (offset < end) {
      // Keep the tail; its length is known only once 4 bytes are there.
      const tail = chunk.subarray(offset);
      const total = tail.length >= 4 ? 4 + tail.readUInt32BE(0) : 4;
      this.#partial = Buffer.allocUnsafe(Math.max(total, tail.length));
      tail.copy(this.#partial, 0);
      this.#partialFill = tail.length;
    }
  }

  /** Completes the pending frame from `chunk`; returns how many bytes of `chunk` it used. */
  #fillPartial(chunk: Buffer): number {
    let used = 0;
    let partial = this.#partial!;
    if (this.#partialFill < 4) {
      const take = Math.min(4 - this.#partialFill, chunk.length);
      chunk.copy(partial, this.#partialFill, 0, take);
      this.#partialFill += take;
      used = take;
      if (this.#partialFill < 4) return used;
      const grown = Buffer.allocUnsafe(4 + partial.readUInt32BE(0));
      partial.copy(grown, 0, 0, 4);
      partial = grown;
      this.#partial = grown;
    }
    const take = Math.min(partial.length - this.#partialFill, chunk.length - used);
    chunk.copy(partial, this.#partialFill, used, used + take);
    this.#partialFill += take;
    used += take;
    if (this.#partialFill === partial.length) {
      this.#partial = undefined;
      this.#partialFill = 0;
      this.#onMessage(this.#packr.unpack(partial.subarray(4)));
    }
    return used;
  }
}
