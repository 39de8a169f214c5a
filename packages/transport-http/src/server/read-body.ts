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

const empty = new Uint8Array(0);

/**
 * Where the listeners below find their reader: the request carries it, so one set of
 * module-level functions serves every request instead of three closures per request.
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
  /** The first chunk, which is the whole body of a small request: passed on without a copy. */
  #first: Buffer | undefined = undefined;
  /** Every chunk, once a second one arrived. */
  #chunks: Buffer[] | undefined = undefined;
  #received = 0;
  /** At most this many bytes: `maxBytes`, or less when the request declared a length. */
  #maxBytes = 0;
  /** `maxBytes`, as errors name it. */
  #limit = 0;
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
    // A declared length bounds the body as well: node:http stops there, but not every
    // request stream (a framework's wrapper) does.
    this.#limit = maxBytes;
    this.#maxBytes = length !== undefined && Number.isSafeInteger(length) ? length : maxBytes;
    this.#reading = true;
    (req as unknown as Tagged)[readerKey] = this;
    req.on("data", onData);
    req.on("end", onEnd);
    // A request that fails mid-body always closes; node:http emits its 'error' only to
    // listeners, so 'close' alone sees the client go.
    req.on("close", onGone);
  }

  /** @internal */
  chunk(req: IncomingMessage, chunk: Buffer): void {
    if (!this.#reading) return;
    const received = this.#received + chunk.length;
    if (received > this.#maxBytes) {
      this.#reading = false;
      req.pause();
      this.bodyFailed(new BodyTooLarge(undefined, this.#limit));
      return;
    }
    this.#received = received;
    if (this.#first === undefined) {
      this.#first = chunk;
    } else {
      this.#chunks ??= [this.#first];
      this.#chunks.push(chunk);
    }
  }

  /** @internal */
  ended(): void {
    if (!this.#reading) return;
    this.#reading = false;
    const first = this.#first;
    const chunks = this.#chunks;
    this.#first = undefined;
    this.#chunks = undefined;
    if (chunks !== undefined) this.body(Buffer.concat(chunks, this.#received));
    else this.body(first ?? empty);
  }

  /** @internal */
  gone(): void {
    if (!this.#reading) return;
    this.#reading = false;
    this.#first = undefined;
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
