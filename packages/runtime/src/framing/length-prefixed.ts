import type { FrameSink } from "../channel/frame-channel.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";

/** Bytes in the big-endian length prefix in front of every frame on a byte stream. */
export const frameHeaderBytes = 4;

/**
 * Splits a byte stream into length-prefixed frames. Each length is checked against the limit
 * as soon as its four bytes arrive, so an oversized frame is refused before any of it is
 * buffered. Frames wholly inside one chunk are delivered as views without copying.
 */
export class LengthPrefixedDecoder {
  readonly #sink: Pick<FrameSink, "onFrame" | "onProtocolError">;
  readonly #maxFrameBytes: number;
  #header = new Uint8Array(frameHeaderBytes);
  #headerFill = 0;
  #body: Uint8Array | undefined;
  #bodyFill = 0;
  #failed = false;

  constructor(sink: Pick<FrameSink, "onFrame" | "onProtocolError">, maxFrameBytes: number) {
    this.#sink = sink;
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** Feeds the next chunk of the stream. After a protocol error further input is ignored. */
  push(chunk: Uint8Array): void {
    let offset = 0;
    const end = chunk.length;
    while (offset < end && !this.#failed) {
      if (this.#body === undefined) {
        if (this.#headerFill === 0 && end - offset >= frameHeaderBytes) {
          const length = frameLengthAt(chunk, offset);
          offset += frameHeaderBytes;
          if (!this.#accept(length)) return;
          if (end - offset >= length) {
            this.#sink.onFrame(chunk.subarray(offset, offset + length));
            offset += length;
            continue;
          }
          this.#body = new Uint8Array(length);
          this.#bodyFill = 0;
          continue;
        }
        const take = Math.min(frameHeaderBytes - this.#headerFill, end - offset);
        this.#header.set(chunk.subarray(offset, offset + take), this.#headerFill);
        this.#headerFill += take;
        offset += take;
        if (this.#headerFill < frameHeaderBytes) return;
        this.#headerFill = 0;
        const length = frameLengthAt(this.#header, 0);
        if (!this.#accept(length)) return;
        this.#body = new Uint8Array(length);
        this.#bodyFill = 0;
        if (length === 0) this.#deliverBody();
        continue;
      }
      const take = Math.min(this.#body.length - this.#bodyFill, end - offset);
      this.#body.set(chunk.subarray(offset, offset + take), this.#bodyFill);
      this.#bodyFill += take;
      offset += take;
      if (this.#bodyFill === this.#body.length) this.#deliverBody();
    }
  }

  /** True while a frame has started but not finished: the stream ended mid-frame. */
  get midFrame(): boolean {
    return this.#headerFill > 0 || this.#body !== undefined;
  }

  #deliverBody(): void {
    const body = this.#body!;
    this.#body = undefined;
    this.#bodyFill = 0;
    this.#sink.onFrame(body);
  }

  #accept(length: number): boolean {
    if (length <= this.#maxFrameBytes) return true;
    this.#failed = true;
    this.#sink.onProtocolError(
      new RpcError(
        RpcCode.ResourceExhausted,
        `frame of ${length} bytes exceeds the limit maxFrameBytes = ${this.#maxFrameBytes}`,
      ),
    );
    return false;
  }
}

/** The big-endian length prefix of the frame that starts at `offset`. */
export function frameLengthAt(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) |
      (bytes[offset + 1]! << 16) |
      (bytes[offset + 2]! << 8) |
      bytes[offset + 3]!) >>>
    0
  );
}

/** Batch size at which the writer stops waiting for the end of the turn. */
export const flushThresholdBytes = 16 * 1024;

/**
 * Batch size at which an urgent frame sends the batch at once rather than in a microtask (see
 * {@link LengthPrefixedWriter.write}). Urgent batches end within the current burst of
 * microtasks, so there is no receiver to keep busy meanwhile; the bound only keeps one burst of
 * large replies from becoming one huge buffer.
 */
export const urgentFlushThresholdBytes = 256 * 1024;

/** How a {@link LengthPrefixedWriter} batches. */
export interface LengthPrefixedWriterOptions {
  /** A batch this large goes out at once. Default {@link flushThresholdBytes}. */
  readonly flushAtBytes?: number;
  /**
   * A batch this large goes out at once when an urgent frame is written. Default the larger of
   * `flushAtBytes` and {@link urgentFlushThresholdBytes}.
   */
  readonly urgentFlushAtBytes?: number;
  /**
   * A frame that would take the batch past this size sends the batch first, so a batch stays
   * within it unless it is one frame alone (a message-based transport whose peer bounds
   * message sizes). Default: no bound.
   */
  readonly maxBatchBytes?: number;
  /** Runs the end-of-turn flush. Default: `setImmediate`, or a macrotask where there is none. */
  readonly schedule?: (flush: () => void) => void;
}

/**
 * Collects frames written during one turn of the event loop and hands them to `write` as a
 * single buffer with their length prefixes, so many calls in flight cost one syscall.
 */
export class LengthPrefixedWriter {
  readonly #write: (bytes: Uint8Array<ArrayBuffer>) => void;
  readonly #flushAtBytes: number;
  readonly #urgentFlushAtBytes: number;
  readonly #maxBatchBytes: number;
  readonly #schedule: (flush: () => void) => void;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #scheduled = false;
  /** A flush is queued as a microtask (see {@link LengthPrefixedWriter.write}'s `urgent`). */
  #soon = false;
  readonly #flush = (): void => {
    this.#scheduled = false;
    this.flush();
  };
  readonly #flushSoon = (): void => {
    this.#soon = false;
    this.flush();
  };

  constructor(
    write: (bytes: Uint8Array<ArrayBuffer>) => void,
    options: LengthPrefixedWriterOptions = {},
  ) {
    this.#write = write;
    this.#flushAtBytes = options.flushAtBytes ?? flushThresholdBytes;
    this.#urgentFlushAtBytes =
      options.urgentFlushAtBytes ?? Math.max(this.#flushAtBytes, urgentFlushThresholdBytes);
    this.#maxBatchBytes = options.maxBatchBytes ?? Number.POSITIVE_INFINITY;
    this.#schedule = options.schedule ?? scheduleFlush;
  }

  /**
   * Queues a frame for the next flush. Once a batch reaches `flushAtBytes` it goes out at once:
   * a producer that fills a whole stream window in one turn would otherwise hold everything
   * back until the turn ends, and the receiver would sit idle (stop-and-wait).
   *
   * An `urgent` frame is one the peer waits on (a call, a result, a status): the batch leaves
   * once the microtasks queued so far have run, so the replies to one incoming chunk, or the
   * calls its callers make in turn, still share one write, and nothing waits for the end of the
   * turn. Stream messages are not urgent: a producer that yields between items keeps filling
   * the batch until the turn ends. An urgent frame flushes at once only past
   * `urgentFlushAtBytes`, so the replies to one chunk leave together even when each is a few
   * KiB (16 replies of 10 KiB: one write, not eight).
   */
  write(frame: Uint8Array, urgent = false): void {
    const size = frameHeaderBytes + frame.length;
    if (this.#pendingBytes > 0 && this.#pendingBytes + size > this.#maxBatchBytes) this.flush();
    this.#pending.push(frame);
    this.#pendingBytes += size;
    if (this.#pendingBytes >= (urgent ? this.#urgentFlushAtBytes : this.#flushAtBytes)) {
      this.flush();
    } else if (urgent) {
      if (!this.#soon) {
        this.#soon = true;
        queueMicrotask(this.#flushSoon);
      }
    } else if (!this.#scheduled && !this.#soon) {
      this.#scheduled = true;
      this.#schedule(this.#flush);
    }
  }

  /** Bytes queued for the next flush, length prefixes included. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Writes everything queued now, as one buffer. */
  flush(): void {
    const frames = this.#pending;
    if (frames.length === 0) return;
    const out = new Uint8Array(this.#pendingBytes);
    let offset = 0;
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i]!;
      const length = frame.length;
      out[offset] = length >>> 24;
      out[offset + 1] = (length >>> 16) & 0xff;
      out[offset + 2] = (length >>> 8) & 0xff;
      out[offset + 3] = length & 0xff;
      out.set(frame, offset + frameHeaderBytes);
      offset += frameHeaderBytes + length;
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#write(out);
  }
}

// setImmediate runs after the I/O callbacks of this loop turn, so every reply produced while
// handling one incoming chunk lands in the same write; browsers fall back to a macrotask.
const scheduleFlush: (fn: () => void) => void =
  typeof setImmediate === "function" ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0);
