import { type ServerResponse, validateHeaderName, validateHeaderValue } from "node:http";
import {
  type CallResponder,
  type Codec,
  type CodecName,
  type Metadata,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import {
  httpStatusOf,
  isMetadataHeader,
  type StreamRecord,
  streamContentTypes,
  trailerPrefix,
  unaryContentTypes,
} from "../protocol.js";

/**
 * A call's response as HTTP: a unary result or an error is one body in the request's codec
 * (an error's status from the code table); a server stream is a chunked body of records,
 * newline-delimited JSON or length-prefixed msgpack, ending with a record that carries the
 * status and trailers. Until the first stream message nothing is written, so a stream that
 * fails early still gets a proper error status.
 */
export class HttpResponder implements CallResponder {
  readonly #res: ServerResponse;
  readonly #codec: Codec;
  readonly #codecName: CodecName;
  readonly #exposeHeaders: boolean;
  readonly #stallMs: number;
  #status: number | undefined;
  #wake: (() => void) | undefined;
  #stallTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set when the client read nothing for `responseStallMs` and the response was destroyed. */
  stallError: RpcError | undefined;
  #listening = false;
  /**
   * Stream records encoded this tick, not yet written: they leave as one chunk. Made on a
   * stream's first record, so a unary call does not allocate it.
   */
  #batch: Uint8Array[] | undefined = undefined;
  #batchBytes = 0;
  #flushQueued = false;

  /**
   * @param stallMs - how long a response may accept nothing while the server has more to
   * send before it is destroyed; 0 waits forever.
   */
  constructor(
    res: ServerResponse,
    codec: Codec,
    codecName: CodecName,
    exposeHeaders: boolean,
    stallMs: number,
  ) {
    this.#res = res;
    this.#stallMs = stallMs;
    this.#codec = codec;
    this.#codecName = codecName;
    this.#exposeHeaders = exposeHeaders;
  }

  /** Sends the next error with this status instead of the code's (413 for a large body). */
  overrideStatus(status: number): void {
    this.#status = status;
  }

  writable(): boolean {
    return !this.#res.writableNeedDrain || this.#res.destroyed;
  }

  drained(): Promise<void> {
    const res = this.#res;
    if (res.destroyed) return Promise.resolve();
    // Only a stream the client reads slower than it is written gets here: unary calls and
    // fast streams never pay for these listeners.
    if (!this.#listening) {
      this.#listening = true;
      (res as unknown as Tagged)[responderKey] = this;
      res.on("drain", onWake);
      res.on("close", onWake);
    }
    // Only while the server waits on the client: a stream with nothing to send is not stalled.
    if (this.#stallMs > 0) this.#stallTimer = setTimeout(onStall, this.#stallMs, this);
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  /** @internal The client read nothing for `responseStallMs`: give up on it. */
  stalled(): void {
    this.stallError = new RpcError(
      RpcCode.ResourceExhausted,
      `the client read nothing of the response for responseStallMs = ${this.#stallMs} ms`,
    );
    this.#res.destroy();
  }

  /** @internal */
  wake(): void {
    clearTimeout(this.#stallTimer);
    this.#stallTimer = undefined;
    const resolve = this.#wake;
    this.#wake = undefined;
    resolve?.();
  }

  message(item: unknown, headers: Metadata | null | undefined): void {
    const bytes = this.#codec.encode({ message: item });
    if (headers !== undefined) this.#head(200, streamContentTypes[this.#codecName], headers, null);
    this.#write(bytes);
  }

  result(value: unknown, headers: Metadata | null, trailers: Metadata | null): void {
    // JSON has no `undefined`: a void result is `null`, as in a session's JSON frames.
    const body = this.#codec.encode(
      value === undefined && this.#codecName === "json" ? null : value,
    );
    this.#head(200, unaryContentTypes[this.#codecName], headers, trailers, body.length);
    this.#res.end(body);
  }

  end(error: RpcError | undefined, trailers: Metadata | null, headers: Metadata | null): void {
    const res = this.#res;
    if (res.destroyed || res.writableEnded) return;
    if (res.headersSent || error === undefined) {
      const record: StreamRecord =
        error === undefined
          ? trailers === null
            ? { end: true }
            : { end: true, trailers }
          : trailers === null
            ? { end: true, error: error.toJSON() }
            : { end: true, error: error.toJSON(), trailers };
      const bytes = this.#codec.encode(record);
      if (!res.headersSent) this.#head(200, streamContentTypes[this.#codecName], headers, null);
      this.#write(bytes);
      this.flush();
      res.end();
      return;
    }
    const body = this.#codec.encode(error.toJSON());
    this.#head(
      this.#status ?? httpStatusOf(error.code),
      unaryContentTypes[this.#codecName],
      headers,
      trailers,
      body.length,
    );
    res.end(body);
  }

  /**
   * Queues a stream record. The records of one tick are written as one chunk (one HTTP
   * chunk, one socket write, one read on the client) rather than one each; a batch that
   * reaches the response's buffer size is written at once, so `writable()` still sees the
   * socket's backpressure.
   */
  #write(record: Uint8Array): void {
    this.#batch ??= [];
    this.#batch.push(record);
    this.#batchBytes += record.length + (this.#codecName === "json" ? 1 : 4);
    if (this.#batchBytes >= this.#res.writableHighWaterMark) {
      this.flush();
    } else if (!this.#flushQueued) {
      this.#flushQueued = true;
      process.nextTick(flushLater, this);
    }
  }

  /** @internal Writes the queued records, framed: a newline for JSON, a length for msgpack. */
  flush(): void {
    this.#flushQueued = false;
    const batch = this.#batch;
    if (batch === undefined || batch.length === 0) return;
    const out = Buffer.allocUnsafe(this.#batchBytes);
    this.#batch = [];
    this.#batchBytes = 0;
    let offset = 0;
    if (this.#codecName === "json") {
      for (const record of batch) {
        out.set(record, offset);
        offset += record.length;
        out[offset++] = 0x0a;
      }
    } else {
      for (const record of batch) {
        out.writeUInt32BE(record.length, offset);
        out.set(record, offset + 4);
        offset += record.length + 4;
      }
    }
    if (!this.#res.destroyed) this.#res.write(out);
  }

  #head(
    status: number,
    contentType: string,
    headers: Metadata | null,
    trailers: Metadata | null,
    length?: number,
  ): void {
    if (headers === null && trailers === null) {
      // Most calls set no metadata: the head is two headers, or one for a stream.
      this.#res.writeHead(
        status,
        length === undefined
          ? ["content-type", contentType]
          : ["content-type", contentType, "content-length", String(length)],
      );
      return;
    }
    const out: Record<string, string | number> = { "content-type": contentType };
    if (length !== undefined) out["content-length"] = length;
    const exposed: string[] = [];
    addHeaders(out, exposed, headers, "");
    addHeaders(out, exposed, trailers, trailerPrefix);
    if (this.#exposeHeaders && exposed.length > 0) {
      out["access-control-expose-headers"] = exposed.join(", ");
    }
    this.#res.writeHead(status, out);
  }
}

/** Where the drain listener finds its responder; see read-body.ts. */
const responderKey = Symbol("rpcgen.responder");

interface Tagged {
  [responderKey]: HttpResponder;
}

function onWake(this: ServerResponse): void {
  (this as unknown as Tagged)[responderKey].wake();
}

function onStall(responder: HttpResponder): void {
  responder.stalled();
}

function flushLater(responder: HttpResponder): void {
  responder.flush();
}

/**
 * Copies metadata into response headers, checked first so that a bad name or value fails
 * the call (reported as the handler's bug) instead of half-writing a response.
 */
function addHeaders(
  out: Record<string, string | number>,
  exposed: string[],
  metadata: Metadata | null,
  prefix: string,
): void {
  if (metadata === null) return;
  for (const [key, value] of Object.entries(metadata)) {
    const name = prefix + key.toLowerCase();
    if (prefix === "" && !isMetadataHeader(name)) {
      throw new Error(`response header ${name} cannot be sent as metadata over HTTP`);
    }
    validateHeaderName(name);
    validateHeaderValue(name, value);
    out[name] = value;
    exposed.push(name);
  }
}
