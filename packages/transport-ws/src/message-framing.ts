import {
  frameHeaderBytes,
  frameLengthAt,
  LengthPrefixedWriter,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";

/**
 * Frames sent in one turn are packed into a message until it would pass this size. Fixed, not
 * derived from `maxFrameBytes`: the sender does not know the peer's limit, so the receiver's
 * message limit ({@link maxMessageBytes}) is what makes any batch of this size acceptable.
 */
export const batchBytes = 64 * 1024;

/**
 * The largest WebSocket message a side with this `maxFrameBytes` accepts: one frame of the
 * largest size with its length prefix, or a batch of {@link batchBytes}, whichever is larger.
 * The `ws` package's `maxPayload` is set to it on both sides; pass it as `maxPayload` when
 * serving `wsChannel` from a `ws` server of your own.
 */
export function maxMessageBytes(maxFrameBytes: number): number {
  return Math.max(maxFrameBytes + frameHeaderBytes, batchBytes);
}

/** How the limit is named in errors, so a reader can tell where the number comes from. */
export function describeMessageLimit(maxFrameBytes: number): string {
  const limit = maxMessageBytes(maxFrameBytes);
  return limit === batchBytes
    ? `${limit} bytes per message (the batch size; maxFrameBytes = ${maxFrameBytes})`
    : `${limit} bytes per message (maxFrameBytes = ${maxFrameBytes} plus the 4-byte length prefix)`;
}

/**
 * Packs frames written during one turn of the event loop into single messages, each frame
 * behind its 4-byte big-endian length, as on a byte stream. A batch never grows past
 * {@link batchBytes} unless it is one frame alone, which keeps every message within the peer's
 * {@link maxMessageBytes} without knowing its `maxFrameBytes`.
 */
export function messageWriter(
  send: (message: Uint8Array<ArrayBuffer>) => void,
): LengthPrefixedWriter {
  return new LengthPrefixedWriter(send, {
    flushAtBytes: batchBytes,
    maxBatchBytes: batchBytes,
    schedule: (flush) => scheduleFlush(flush),
  });
}

// setImmediate runs after the I/O callbacks of this loop turn, so every frame produced while
// handling one incoming message (and the promise chains it sets off) leaves in one message.
// A microtask would flush after the first frame of a server stream and batch almost nothing
// (stream-100k stayed at ~0.1x of TCP, see docs/websocket.md). Browsers have no setImmediate;
// a MessageChannel task comes closest, and unlike setTimeout(0) it is never clamped into a
// delay, so a lone frame is not held back by a timer anywhere.
let scheduleFlush: (fn: () => void) => void = (fn) => {
  scheduleFlush = pickScheduler();
  scheduleFlush(fn);
};

function pickScheduler(): (fn: () => void) => void {
  if (typeof setImmediate === "function") return (fn) => setImmediate(fn);
  if (typeof MessageChannel !== "function") return queueMicrotask;
  let queue: (() => void)[] = [];
  const { port1, port2 } = new MessageChannel();
  port1.addEventListener("message", () => {
    const run = queue;
    queue = [];
    for (const fn of run) fn();
  });
  port1.start();
  // Where ports keep the process alive (Node-compatible runtimes), this one must not.
  (port1 as { unref?: () => void }).unref?.();
  return (fn) => {
    if (queue.push(fn) === 1) port2.postMessage(undefined);
  };
}

/**
 * Checks that a message is one or more whole frames, each within `maxFrameBytes`, and returns
 * why not: the whole message is refused before any of its frames is delivered.
 */
export function checkMessage(bytes: Uint8Array, maxFrameBytes: number): RpcError | undefined {
  const end = bytes.length;
  if (end === 0) {
    return new RpcError(
      RpcCode.InvalidArgument,
      "empty message; every message carries one or more length-prefixed frames",
    );
  }
  let offset = 0;
  while (offset < end) {
    if (end - offset < frameHeaderBytes) {
      return new RpcError(
        RpcCode.InvalidArgument,
        `message of ${end} bytes ends inside the length prefix at offset ${offset} (truncated frame)`,
      );
    }
    const length = frameLengthAt(bytes, offset);
    if (length > maxFrameBytes) {
      return new RpcError(
        RpcCode.ResourceExhausted,
        `frame of ${length} bytes at offset ${offset} of a ${end}-byte message exceeds the limit maxFrameBytes = ${maxFrameBytes}${offset === 0 && bytes[0] === 0x7b ? oldPeerHint : ""}`,
      );
    }
    const body = offset + frameHeaderBytes;
    if (end - body < length) {
      return new RpcError(
        RpcCode.InvalidArgument,
        `message of ${end} bytes ends inside the frame at offset ${offset}: its length prefix says ${length} bytes, ${end - body} follow (truncated frame)`,
      );
    }
    offset = body + length;
  }
  return undefined;
}

/** A JSON hello without its prefix reads as a length of about 2 GiB starting with `{`. */
const oldPeerHint =
  " (the message starts with '{': probably a hello without length prefix, from a peer speaking the older one-frame-per-message WebSocket mapping)";

/** Calls `onFrame` for each frame of a message {@link checkMessage} accepted, as views. */
export function forEachFrame(bytes: Uint8Array, onFrame: (frame: Uint8Array) => boolean): void {
  const end = bytes.length;
  let offset = 0;
  while (offset < end) {
    const body = offset + frameHeaderBytes;
    const next = body + frameLengthAt(bytes, offset);
    if (!onFrame(bytes.subarray(body, next))) return;
    offset = next;
  }
}
