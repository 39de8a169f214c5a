import {
  type CallSpec,
  type Codec,
  decodeResponse,
  isPlainObject,
  type Metadata,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import { malformed, type Splitter, splitterFor } from "./body.js";
import type { Exchange } from "./exchange.js";
import type { ClientMapping } from "./mapping.js";

/**
 * A server-stream body read chunk by chunk, synchronously: {@link push} returns the messages
 * a chunk completes, validated, so the client's own generator yields them with no further
 * async layer per message. The final record (or a message that fails validation) ends the
 * stream; {@link done} then reports it, after the messages before it were yielded.
 */
class StreamReader {
  readonly #call: CallSpec;
  readonly #split: Splitter;
  readonly #url: string;
  #failure: unknown;
  #end: Record<string, unknown> | undefined;

  constructor(call: CallSpec, codec: Codec, maxBytes: number, url: string) {
    this.#call = call;
    this.#split = splitterFor(codec, maxBytes);
    this.#url = url;
  }

  /** The messages `chunk` completes; throws on an oversized or undecodable record. */
  push(chunk: Uint8Array): unknown[] {
    const records = this.#split.push(chunk);
    const messages: unknown[] = [];
    for (const record of records) {
      if (!isPlainObject(record)) {
        this.#failure = malformed("a stream record is not an object");
        break;
      }
      if (record.end === true) {
        this.#end = record;
        break;
      }
      try {
        messages.push(decodeResponse(this.#call, record.message));
      } catch (error) {
        this.#failure = error;
        break;
      }
    }
    return messages;
  }

  /**
   * True once the final record arrived, whose trailers go to `onTrailers`; throws the
   * stream's error, or why reading stopped early.
   */
  done(): boolean {
    if (this.#failure !== undefined) throw this.#failure;
    const end = this.#end;
    if (end === undefined) return false;
    if (isPlainObject(end.trailers)) this.#call.onTrailers?.(end.trailers as Metadata);
    if (end.error !== undefined && end.error !== null) throw RpcError.fromWire(end.error);
    return true;
  }

  /** The body ended before the final record: the server went away. */
  cutShort(): RpcError {
    this.#split.finish();
    return new RpcError(
      RpcCode.Unavailable,
      `the response stream from ${this.#url} ended without its status record`,
    );
  }
}

/**
 * A server-stream call, the same on every client: `start` makes its exchange (throwing if
 * the call cannot be made), `open` sends the request and returns the body's chunks once the
 * response is known good. Yields the validated messages; any failure fails the call through
 * the exchange (Exchange.failure), and leaving early stops the request, which the server
 * sees as a cancel. One generator per call: no extra async layer per message.
 */
export async function* streamMessages<E extends Exchange>(
  mapping: ClientMapping,
  call: CallSpec,
  start: () => E,
  open: (exchange: E) => Promise<AsyncIterable<Uint8Array>>,
): AsyncGenerator<unknown, void, undefined> {
  const exchange = start();
  const url = `${mapping.url}/${call.path}`;
  let ended = false;
  let delivering = false;
  try {
    const chunks = await open(exchange);
    const reader = new StreamReader(call, mapping.codec, mapping.maxBytes, url);
    for await (const chunk of chunks) {
      const messages = reader.push(chunk);
      for (let i = 0; i < messages.length; i++) {
        // A cancel or deadline while the consumer held an earlier message of this chunk ends
        // the call now: what is left of the chunk was never delivered, so it is not.
        if (exchange.reason !== undefined) throw exchange.reason;
        delivering = true;
        yield messages[i];
        delivering = false;
      }
      if (reader.done()) {
        ended = true;
        return;
      }
    }
    throw reader.cutShort();
  } catch (error) {
    ended = true;
    if (delivering) {
      // The consumer threw into the stream (`iterator.throw`): the error is theirs to get back.
      exchange.abort(stoppedReading());
      throw error;
    }
    const failure = exchange.failure(error, url);
    exchange.abort(failure);
    throw failure;
  } finally {
    if (!ended) exchange.abort(stoppedReading());
    exchange.done();
  }
}

function stoppedReading(): RpcError {
  return new RpcError(RpcCode.Cancelled, "the client stopped reading");
}
