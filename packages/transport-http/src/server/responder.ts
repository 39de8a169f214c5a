import { type ServerResponse, validateHeaderName, validateHeaderValue } from "node:http";
import type { CallResponder, Codec, CodecName, Metadata, RpcError } from "@rpcgen/runtime";
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
  #status: number | undefined;
  #wake: (() => void) | undefined;
  #corked = false;

  constructor(res: ServerResponse, codec: Codec, codecName: CodecName, exposeHeaders: boolean) {
    this.#res = res;
    this.#codec = codec;
    this.#codecName = codecName;
    this.#exposeHeaders = exposeHeaders;
    const wake = (): void => {
      const resolve = this.#wake;
      this.#wake = undefined;
      resolve?.();
    };
    res.on("drain", wake);
    res.on("close", wake);
  }

  /** Sends the next error with this status instead of the code's (413 for a large body). */
  overrideStatus(status: number): void {
    this.#status = status;
  }

  writable(): boolean {
    return !this.#res.writableNeedDrain || this.#res.destroyed;
  }

  drained(): Promise<void> {
    if (this.#res.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  message(item: unknown, headers: Metadata | null | undefined): void {
    const bytes = this.#record({ message: item });
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
      const bytes = this.#record(record);
      if (!res.headersSent) this.#head(200, streamContentTypes[this.#codecName], headers, null);
      this.#write(bytes);
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

  /** Encodes a stream record with its framing: a newline for JSON, a length for msgpack. */
  #record(record: StreamRecord): Uint8Array {
    const body = this.#codec.encode(record);
    if (this.#codecName === "json") {
      const line = Buffer.allocUnsafe(body.length + 1);
      line.set(body);
      line[body.length] = 0x0a;
      return line;
    }
    const framed = Buffer.allocUnsafe(body.length + 4);
    framed.writeUInt32BE(body.length, 0);
    framed.set(body, 4);
    return framed;
  }

  /** Writes a stream chunk; chunks written in one tick leave in one socket write. */
  #write(bytes: Uint8Array): void {
    const res = this.#res;
    if (!this.#corked) {
      this.#corked = true;
      res.cork();
      process.nextTick(() => {
        this.#corked = false;
        res.uncork();
      });
    }
    res.write(bytes);
  }

  #head(
    status: number,
    contentType: string,
    headers: Metadata | null,
    trailers: Metadata | null,
    length?: number,
  ): void {
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
