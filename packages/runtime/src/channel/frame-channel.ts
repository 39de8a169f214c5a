import type { PeerCertificate } from "../auth/peer-certificate.js";
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
  /**
   * Queues one frame. Transports may coalesce frames written in the same tick. `urgent` marks a
   * frame the peer waits on (a call, a result, a status): a batching transport sends it once
   * the microtasks queued so far have run rather than at the end of the event-loop turn.
   */
  send(frame: Uint8Array, urgent?: boolean): void;
  /**
   * Sends queued frames now instead of at the end of the tick. Optional: a channel that writes
   * every frame at once has nothing to flush. Sessions call it after credit grants, which the
   * peer may be stalled on.
   */
  flush?(): void;
  /**
   * Bytes of frames sent and not yet taken by the operating system. Optional: a channel that
   * leaves it out is never seen as congested, and its session never waits for it.
   */
  readonly queuedBytes?: number;
  /**
   * Resolves once the queue has drained (or the channel closed). Present with
   * {@link FrameChannel.queuedBytes}; stream senders wait on it while the queue is long.
   */
  drained?(): Promise<void>;
  /** Closes the channel after flushing queued frames. Idempotent. */
  close(): void;
  /** A printable description of the remote end, e.g. `tcp:127.0.0.1:53122`. */
  readonly peer: string;
  /**
   * The peer's verified TLS certificate on a server-side channel with mutual TLS (see
   * `verifiedPeerCertificate`); becomes each call's `ctx.peerCertificate`. Optional.
   */
  readonly peerCertificate?: PeerCertificate | undefined;
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
