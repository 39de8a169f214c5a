import type { RpcError } from "../errors/rpc-error.js";

/**
 * What a stream transport hands the runtime: a bidirectional pipe of whole frames. A
 * transport knows bytes and connections, never calls or services.
 */
export interface FrameChannel {
  /**
   * Starts delivery to `sink`. Frames arriving before `start` are held by the transport.
   * `maxFrameBytes` is the largest frame this side accepts; a transport that reads a byte
   * stream checks each length prefix against it before buffering anything.
   */
  start(sink: FrameSink, limits: { readonly maxFrameBytes: number }): void;
  /** Queues one frame. Transports may coalesce frames written in the same tick. */
  send(frame: Uint8Array): void;
  /**
   * Sends queued frames now instead of at the end of the tick. Optional: a channel that writes
   * every frame at once has nothing to flush. Sessions call it after credit grants, which the
   * peer may be stalled on.
   */
  flush?(): void;
  /** Closes the channel after flushing queued frames. Idempotent. */
  close(): void;
  /** A printable description of the remote end, e.g. `tcp:127.0.0.1:53122`. */
  readonly peer: string;
}

/** The receiving side of a {@link FrameChannel}, implemented by sessions. */
export interface FrameSink {
  /** One complete frame. The bytes are only valid during the call. */
  onFrame(frame: Uint8Array): void;
  /**
   * The peer broke the framing (oversized or malformed length prefix). The channel stays open
   * so the session can send a goaway naming the problem, then close.
   */
  onProtocolError(error: RpcError): void;
  /** The channel closed; `error` says why when it was not a local `close()`. */
  onClose(error?: RpcError): void;
}
