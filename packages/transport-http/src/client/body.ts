import { type Codec, LengthPrefixedDecoder, RpcCode, RpcError } from "@rpcgen/runtime";

/** A response (or one stream record) over the client's limit. */
export function tooLarge(bytes: number | undefined, maxBytes: number): RpcError {
  return new RpcError(
    RpcCode.ResourceExhausted,
    bytes === undefined
      ? `response exceeds the limit maxFrameBytes = ${maxBytes}`
      : `response of ${bytes} bytes exceeds the limit maxFrameBytes = ${maxBytes}`,
  );
}

/**
 * Reads a whole response body of at most `maxBytes`: a declared length over the limit is
 * refused before reading, and a body that grows past it is cancelled as soon as it does.
 */
export async function readAll(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    throw tooLarge(Number(declared), maxBytes);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      void reader.cancel().catch(() => {});
      throw tooLarge(undefined, maxBytes);
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Splits a server-stream body into its records, decoded: one per line for newline-delimited
 * JSON, one per length-prefixed frame for msgpack. Each record is bounded by `maxBytes`
 * before it is buffered (a line by its bytes so far, a frame by its length prefix).
 */
export function splitterFor(codec: Codec, maxBytes: number): Splitter {
  return codec.name === "json" ? lineSplitter(codec, maxBytes) : frameSplitter(codec, maxBytes);
}

/** A response that is not what rpcgen sends. */
export function malformed(problem: string): RpcError {
  return new RpcError(RpcCode.Internal, `malformed HTTP response: ${problem}`);
}

/** A fetch body's chunks; not every browser makes `ReadableStream` async-iterable. */
export async function* chunksOf(
  body: ReadableStream<Uint8Array> | null,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (body === null) return;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export interface Splitter {
  /** Records completed by this chunk; throws on an oversized or malformed record. */
  push(chunk: Uint8Array): unknown[];
  /** The body ended; throws if it ended inside a record. */
  finish(): void;
}

function lineSplitter(codec: Codec, maxBytes: number): Splitter {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  return {
    push(chunk) {
      const records: unknown[] = [];
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(0x0a, start);
        if (newline === -1) break;
        const piece = chunk.subarray(start, newline);
        if (pendingBytes + piece.length > maxBytes) throw tooLarge(undefined, maxBytes);
        const line =
          pendingBytes === 0 ? piece : concat([...pending, piece], pendingBytes + piece.length);
        pending = [];
        pendingBytes = 0;
        records.push(codec.decode(line));
        start = newline + 1;
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        pendingBytes += rest.length;
        if (pendingBytes > maxBytes) throw tooLarge(undefined, maxBytes);
        pending.push(rest.slice());
      }
      return records;
    },
    finish() {
      if (pendingBytes > 0) throw truncated();
    },
  };
}

function frameSplitter(codec: Codec, maxBytes: number): Splitter {
  let records: unknown[] = [];
  let failure: RpcError | undefined;
  const decoder = new LengthPrefixedDecoder(
    {
      onFrame(frame) {
        // The frame is a view valid only now; msgpack decoding copies what it keeps.
        records.push(codec.decode(frame));
      },
      onProtocolError(error) {
        failure = new RpcError(RpcCode.ResourceExhausted, error.message);
      },
    },
    maxBytes,
  );
  return {
    push(chunk) {
      decoder.push(chunk);
      if (failure !== undefined) throw failure;
      const out = records;
      records = [];
      return out;
    },
    // A body cut inside a frame lacks its end record, which the caller reports.
    finish() {},
  };
}

function truncated(): RpcError {
  return new RpcError(RpcCode.Unavailable, "the response stream was cut in the middle of a record");
}
