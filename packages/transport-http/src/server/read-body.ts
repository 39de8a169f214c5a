import type { IncomingMessage } from "node:http";
import { RpcCode, RpcError } from "@rpcgen/runtime";

/** A request body over the limit: the caller answers 413 and stops reading. */
export class BodyTooLarge extends RpcError {
  constructor(bytes: number | undefined, maxBytes: number) {
    super(
      RpcCode.ResourceExhausted,
      bytes === undefined
        ? `request body exceeds the limit maxFrameBytes = ${maxBytes}`
        : `request body of ${bytes} bytes exceeds the limit maxFrameBytes = ${maxBytes}`,
    );
  }
}

/**
 * Where the listeners below find their reader: the request carries it, so one set of
 * module-level functions serves every request instead of four closures per request.
 */
const readerKey = Symbol("rpcgen.bodyReader");

interface Tagged {
  [readerKey]: BodyReader;
}

/**
 * Reads a request body of at most `maxBytes`, then calls {@link body} or {@link bodyFailed}
 * once. A declared `content-length` over the limit is refused before a byte is read; a
 * chunked body is counted as it arrives and refused as soon as it passes the limit, with the
 * stream paused, so an oversized body is never buffered. Failures: {@link BodyTooLarge},
 * `cancelled` when the client goes away mid-body, `internal` when the body was already read.
 */
export abstract class BodyReader {
  #whole: Uint8Array | undefined;
  #chunks: Buffer[] | undefined;
  #received = 0;
  #maxBytes = 0;
  #reading = false;

  /** The whole body, once it arrived. */
  protected abstract body(bytes: Uint8Array): void;
  /** Why the body could not be read. */
  protected abstract bodyFailed(error: RpcError): void;

  /** Starts reading `req`; the outcome may be reported before this returns. */
  protected readBody(req: IncomingMessage, maxBytes: number): void {
    const declared = req.headers["content-length"];
    const length = declared === undefined ? undefined : Number(declared);
    if (length !== undefined && length > maxBytes) {
      this.bodyFailed(new BodyTooLarge(length, maxBytes));
      return;
    }
    if (req.readableEnded) {
      this.bodyFailed(
        new RpcError(
          RpcCode.Internal,
          "the request body was already read: mount the rpcgen handler before any body parser",
        ),
      );
      return;
    }
    // With a declared length the body lands in one buffer of that size: no concatenation.
    if (length !== undefined && Number.isSafeInteger(length)) this.#whole = new Uint8Array(length);
    this.#maxBytes = maxBytes;
    this.#reading = true;
    (req as unknown as Tagged)[readerKey] = this;
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("close", onGone);
  }

  /** @internal */
  chunk(req: IncomingMessage, chunk: Buffer): void {
    if (!this.#reading) return;
    const whole = this.#whole;
    const received = this.#received + chunk.length;
    if (received > this.#maxBytes || (whole !== undefined && received > whole.length)) {
      this.#reading = false;
      req.pause();
      this.bodyFailed(new BodyTooLarge(undefined, this.#maxBytes));
      return;
    }
    if (whole !== undefined) {
      whole.set(chunk, this.#received);
    } else {
      this.#chunks ??= [];
      this.#chunks.push(chunk);
    }
    this.#received = received;
  }

  /** @internal */
  ended(): void {
    if (!this.#reading) return;
    this.#reading = false;
    const whole = this.#whole;
    const received = this.#received;
    this.#whole = undefined;
    const chunks = this.#chunks;
    this.#chunks = undefined;
    if (whole !== undefined) {
      this.body(received === whole.length ? whole : whole.subarray(0, received));
    } else if (chunks === undefined) {
      this.body(new Uint8Array(0));
    } else {
      this.body(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    }
  }

  /** @internal */
  gone(): void {
    if (!this.#reading) return;
    this.#reading = false;
    this.#whole = undefined;
    this.#chunks = undefined;
    this.bodyFailed(
      new RpcError(RpcCode.Cancelled, "the client went away while sending the request"),
    );
  }
}

function onData(this: IncomingMessage, chunk: Buffer): void {
  (this as unknown as Tagged)[readerKey].chunk(this, chunk);
}

function onEnd(this: IncomingMessage): void {
  (this as unknown as Tagged)[readerKey].ended();
}

function onGone(this: IncomingMessage): void {
  (this as unknown as Tagged)[readerKey].gone();
}
