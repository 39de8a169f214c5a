import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import {
  type FrameChannel,
  type FrameSink,
  LengthPrefixedDecoder,
  LengthPrefixedWriter,
  type PeerCertificate,
  RpcCode,
  RpcError,
  verifiedPeerCertificate,
} from "@rpcgen/runtime";

/**
 * How long a closed channel waits for the peer to close its side before destroying the
 * socket. Long enough for the last frames to drain, short enough that a peer that stopped
 * reading cannot pin a file descriptor.
 */
const closeGraceMs = 2000;

/**
 * A {@link FrameChannel} over a connected Node socket (TCP, Unix or TLS). Frames are
 * length-prefixed (4 bytes, big-endian). Every length is checked against the session's
 * `maxFrameBytes` before anything is buffered, and all frames sent during one turn of the event
 * loop leave in a single `socket.write`. `close()` flushes queued frames, ends the socket and
 * destroys it if the peer has not closed within a short grace. A socket error, an unexpected
 * end or a stream that stops in the middle of a frame reaches the session as `unavailable`
 * naming `peer` and the cause.
 *
 * @param socket - a connected socket; the channel takes it over (Nagle is turned off).
 * @param peer - how the remote end is named in errors, e.g. `tcp:127.0.0.1:53122`.
 */
export function socketChannel(socket: Socket | TLSSocket, peer: string): FrameChannel {
  return new SocketChannel(socket, peer);
}

class SocketChannel implements FrameChannel {
  readonly peer: string;
  /** The verified client certificate of a TLS connection whose server asked for one. */
  readonly peerCertificate: PeerCertificate | undefined;
  readonly #socket: Socket;
  readonly #writer: LengthPrefixedWriter;
  #sink: FrameSink | undefined;
  #decoder: LengthPrefixedDecoder | undefined;
  /** After a local close() nothing is reported and further input is dropped. */
  #closing = false;
  #reported = false;
  /** Why the socket went away before start(); reported once there is a sink. */
  #earlyClose: RpcError | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Shared by everyone waiting for the current backlog to drain; made on demand. */
  #drained: Promise<void> | undefined;

  constructor(socket: Socket, peer: string) {
    this.#socket = socket;
    this.peer = peer;
    this.peerCertificate = verifiedPeerCertificate(socket as Socket & Partial<TLSSocket>);
    socket.setNoDelay(true);
    this.#writer = new LengthPrefixedWriter((bytes) => {
      // A flush scheduled before the socket broke must not raise write-after-end.
      if (socket.writable) socket.write(bytes);
    });
    // Error and close listeners go on at once: an unhandled socket 'error' would crash the
    // process, and a reset can happen before the session starts reading.
    socket.on("error", this.#onError);
    socket.on("end", this.#onEnd);
    socket.on("close", this.#onClose);
  }

  start(sink: FrameSink, limits: { readonly maxFrameBytes: number }): void {
    if (this.#sink !== undefined) throw new Error(`channel to ${this.peer} was already started`);
    this.#sink = sink;
    this.#decoder = new LengthPrefixedDecoder(sink, limits.maxFrameBytes);
    const early = this.#earlyClose;
    if (early !== undefined) {
      this.#earlyClose = undefined;
      sink.onClose(early);
      return;
    }
    // Reading starts only now, so bytes that arrived earlier wait in the socket's buffer
    // rather than in ours: that is how frames before start() are held.
    this.#socket.on("data", this.#onData);
  }

  send(frame: Uint8Array, urgent?: boolean): void {
    if (!this.#closing) this.#writer.write(frame, urgent);
  }

  flush(): void {
    if (!this.#closing) this.#writer.flush();
  }

  get queuedBytes(): number {
    return this.#writer.pendingBytes + this.#socket.writableLength;
  }

  drained(): Promise<void> {
    const socket = this.#socket;
    if (this.queuedBytes === 0 || socket.destroyed) return Promise.resolve();
    this.#drained ??= new Promise<void>((resolve) => {
      const done = (): void => {
        socket.off("drain", done);
        socket.off("close", done);
        this.#drained = undefined;
        resolve();
      };
      socket.on("drain", done);
      socket.on("close", done);
      // Frames still batched in the writer go out now, so 'drain' can follow them.
      this.#writer.flush();
      if (!socket.writableNeedDrain) queueMicrotask(done);
    });
    return this.#drained;
  }

  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#writer.flush();
    const socket = this.#socket;
    if (socket.destroyed) return;
    socket.end();
    this.#graceTimer = setTimeout(() => socket.destroy(), closeGraceMs);
  }

  readonly #onData = (chunk: Buffer): void => {
    // After close() the socket is still read so the peer's end is seen, but input is dropped.
    if (!this.#closing) this.#decoder!.push(chunk);
  };

  readonly #onEnd = (): void => {
    // The session never closes a channel that reported its own end, so finish ours here
    // (a socket made with allowHalfOpen would otherwise stay half open).
    const socket = this.#socket;
    if (!socket.writableEnded) {
      socket.end();
      this.#graceTimer ??= setTimeout(() => socket.destroy(), closeGraceMs);
    }
    this.#report(
      this.#decoder?.midFrame === true
        ? new RpcError(
            RpcCode.Unavailable,
            `connection to ${this.peer} ended in the middle of a frame (truncated frame)`,
          )
        : new RpcError(RpcCode.Unavailable, `connection to ${this.peer} was closed by the peer`),
    );
  };

  readonly #onError = (error: Error): void => {
    this.#report(
      new RpcError(RpcCode.Unavailable, `connection to ${this.peer} failed: ${error.message}`, {
        cause: error,
      }),
    );
  };

  readonly #onClose = (): void => {
    clearTimeout(this.#graceTimer);
    this.#report(new RpcError(RpcCode.Unavailable, `connection to ${this.peer} closed`));
  };

  #report(error: RpcError): void {
    if (this.#reported || this.#closing) return;
    this.#reported = true;
    const sink = this.#sink;
    if (sink === undefined) this.#earlyClose = error;
    else sink.onClose(error);
  }
}
