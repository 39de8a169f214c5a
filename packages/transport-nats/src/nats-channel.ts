import type { MsgHdrs, NatsConnection } from "@nats-io/transport-node";
import {
  type FrameChannel,
  type FrameSink,
  LengthPrefixedDecoder,
  LengthPrefixedWriter,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import type { IncomingMsg } from "./wire.js";

/** Size at which a stream's frames go out without waiting for the end of the turn. */
const streamBatchBytes = 64 * 1024;

/** Header set by a replica that refuses to open a stream; the value says why. */
export const refusedHeader = "rpc-refused";

/** What one end of a per-call stream needs. */
export interface NatsChannelOptions {
  readonly nc: NatsConnection;
  /** Names the remote end in errors, e.g. `nats:rpcgen.PathService.alternatives`. */
  readonly peer: string;
  /** This end's own subject: every message carries it as its reply subject. */
  readonly self: string;
  /**
   * Where frames go. On the client this starts as the method's subject (the first message
   * goes through the queue group) and becomes the replica's own subject once it answers.
   */
  readonly target: string;
  /** Headers of the first message only (the client's stream marker). */
  readonly firstHeaders?: MsgHdrs;
  /** The NATS server's `max_payload`: larger batches are cut into several messages. */
  readonly maxPayload: number;
  /** Learn the peer's subject from the reply subject of the first message received. */
  readonly learnTarget: boolean;
  /** Runs once when the channel is done (closed either way), to forget its subject. */
  readonly onDone: () => void;
}

/**
 * A {@link FrameChannel} over two NATS subjects, one per direction, for one stream call. The
 * frames are the length-prefixed byte stream of every stream transport, cut into messages of
 * at most `max_payload` bytes, so a frame may span messages (NATS keeps one publisher's
 * messages in order). An empty message closes the channel; a no-responders status on the
 * first message means no replica serves the method.
 */
export class NatsChannel implements FrameChannel {
  readonly peer: string;
  readonly #options: NatsChannelOptions;
  readonly #writer: LengthPrefixedWriter;
  #target: string;
  #first = true;
  #sink: FrameSink | undefined;
  #decoder: LengthPrefixedDecoder | undefined;
  /** Payloads that arrived before start(). */
  #held: Uint8Array[] = [];
  #earlyClose: RpcError | undefined;
  #closing = false;
  #reported = false;

  constructor(options: NatsChannelOptions) {
    this.#options = options;
    this.peer = options.peer;
    this.#target = options.target;
    // Each NATS message costs the broker and both clients a parse and a dispatch: batches go
    // out at 64 KiB rather than the 16 KiB a socket write prefers.
    // Replies that someone waits on keep to the same size: no bigger batch for them.
    const batchBytes = Math.min(streamBatchBytes, options.maxPayload);
    this.#writer = new LengthPrefixedWriter((bytes) => this.#publish(bytes), {
      flushAtBytes: batchBytes,
      urgentFlushAtBytes: batchBytes,
    });
  }

  start(sink: FrameSink, limits: { readonly maxFrameBytes: number }): void {
    if (this.#sink !== undefined) throw new Error(`channel to ${this.peer} was already started`);
    this.#sink = sink;
    this.#decoder = new LengthPrefixedDecoder(sink, limits.maxFrameBytes);
    const early = this.#earlyClose;
    if (early !== undefined) {
      this.#earlyClose = undefined;
      this.#report(early);
      return;
    }
    const held = this.#held;
    this.#held = [];
    for (const payload of held) if (!this.#closing) this.#decoder.push(payload);
  }

  send(frame: Uint8Array, urgent?: boolean): void {
    if (!this.#closing) this.#writer.write(frame, urgent);
  }

  flush(): void {
    if (!this.#closing) this.#writer.flush();
  }

  close(): void {
    if (this.#closing) return;
    this.#writer.flush();
    this.#closing = true;
    // The empty message tells the peer's channel to close; before the peer has answered the
    // client does not know the replica, which then ends the stream by its own keepalive.
    if (!this.#first || !this.#options.learnTarget) this.#send(new Uint8Array(0), undefined);
    this.#options.onDone();
  }

  /** A message for this channel, from the subscription that owns its subject. */
  deliver(msg: IncomingMsg): void {
    if (this.#closing || this.#reported) return;
    const headers = msg.headers;
    if (headers !== undefined && headers.code === 503) {
      this.#fail(
        new RpcError(
          RpcCode.Unavailable,
          `no replica serves ${this.#options.target} (NATS no responders)`,
        ),
      );
      return;
    }
    const refused = headers?.get(refusedHeader);
    if (refused !== undefined && refused !== "") {
      this.#fail(new RpcError(RpcCode.Unavailable, refused));
      return;
    }
    if (this.#options.learnTarget && msg.reply !== undefined && msg.reply !== "") {
      this.#target = msg.reply;
    }
    const data = msg.data;
    if (data.length === 0) {
      const truncated = this.#decoder?.midFrame === true ? " in the middle of a frame" : "";
      this.#fail(
        new RpcError(
          RpcCode.Unavailable,
          `stream to ${this.peer} was closed by the peer${truncated}`,
        ),
      );
      return;
    }
    if (this.#decoder === undefined) this.#held.push(data.slice());
    else this.#decoder.push(data);
  }

  /** The NATS connection is gone: report it as this channel's end. */
  lost(error: RpcError): void {
    if (this.#closing) return;
    this.#fail(error);
  }

  #fail(error: RpcError): void {
    this.#options.onDone();
    if (this.#sink === undefined) {
      this.#earlyClose ??= error;
      return;
    }
    this.#report(error);
  }

  #report(error: RpcError): void {
    if (this.#reported || this.#closing) return;
    this.#reported = true;
    this.#sink!.onClose(error);
  }

  #publish(bytes: Uint8Array): void {
    const max = this.#options.maxPayload;
    if (bytes.length <= max) {
      this.#send(bytes, this.#first ? this.#options.firstHeaders : undefined);
      return;
    }
    for (let offset = 0; offset < bytes.length && !this.#reported; offset += max) {
      this.#send(
        bytes.subarray(offset, offset + max),
        this.#first ? this.#options.firstHeaders : undefined,
      );
    }
  }

  #send(bytes: Uint8Array, headers: MsgHdrs | undefined): void {
    this.#first = false;
    try {
      this.#options.nc.publish(
        this.#target,
        bytes,
        headers === undefined
          ? { reply: this.#options.self }
          : { reply: this.#options.self, headers },
      );
    } catch (error) {
      // Publishing fails only when the connection is closing or closed: the stream is over.
      const reason = error instanceof Error ? error.message : String(error);
      queueMicrotask(() =>
        this.#fail(
          new RpcError(RpcCode.Unavailable, `cannot send to ${this.peer}: ${reason}`, {
            cause: error,
          }),
        ),
      );
    }
  }
}
