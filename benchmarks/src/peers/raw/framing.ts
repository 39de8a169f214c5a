import { Packr, Unpackr } from "msgpackr";

/**
 * How a raw connection encodes its messages. `records`: msgpackr records in sequential mode,
 * each object shape sent once per connection and direction (what rpcgen's sessions do,
 * docs/protocol.md), the fastest msgpackr offers; the `raw` peer. Without: plain, self-contained
 * MessagePack per message, the naive design; the `raw-plain` peer.
 */
export interface RawWire {
  readonly records: boolean;
}

/** One connection's encoder and decoder; records make both stateful, so never share them. */
export interface RawCodec {
  readonly packr: Packr;
  readonly unpackr: Unpackr;
}

export function createCodec({ records }: RawWire): RawCodec {
  if (!records) {
    const packr = new Packr({ useRecords: false });
    return { packr, unpackr: packr };
  }
  return {
    packr: new Packr({ useRecords: true, sequential: true }),
    unpackr: new Unpackr({ sequential: true }),
  };
}

/**
 * The wire format: a 4-byte big-endian length, then one msgpack value. Packs `value` and
 * returns prefix+body as one buffer, so each message is one write.
 */
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
  readonly #packr: Unpackr;
  readonly #onMessage: (message: unknown) => void;
  /** Bytes of a split frame (or a split length prefix) waiting for the rest. */
  #partial: Buffer | undefined;
  #partialFill = 0;

  constructor(packr: Unpackr, onMessage: (message: unknown) => void) {
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

/**
 * Frames queued during one burst, taken as one buffer: one `write` (one `send`) per burst, the
 * way the tuned peers batch. Cheaper than corking the socket: Node turns a corked burst into a
 * `writev` with a request object and a slot per frame, where one concatenated buffer is one
 * plain write.
 */
export class FrameBatch {
  readonly #packr: Packr;
  #frames: Buffer[] = [];
  #bytes = 0;

  constructor(packr: Packr) {
    this.#packr = packr;
  }

  /** Bytes queued. */
  get bytes(): number {
    return this.#bytes;
  }

  add(value: unknown): void {
    const frame = encodeFrame(this.#packr, value);
    this.#frames.push(frame);
    this.#bytes += frame.length;
  }

  /** Everything queued as one buffer (undefined when nothing is), and an empty batch. */
  take(): Buffer | undefined {
    const frames = this.#frames;
    if (frames.length === 0) return undefined;
    const out = frames.length === 1 ? frames[0]! : Buffer.concat(frames, this.#bytes);
    this.#frames = [];
    this.#bytes = 0;
    return out;
  }
}
