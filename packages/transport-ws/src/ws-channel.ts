import {
  type FrameChannel,
  type FrameSink,
  type LengthPrefixedWriter,
  type PeerCertificate,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import { CloseCode, describeClose } from "./close-codes.js";
import { type DrainableStream, waitForDrain } from "./drain.js";
import { describeData, errorText, isPayloadTooBig, toBytes } from "./event-data.js";
import {
  checkMessage,
  describeMessageLimit,
  forEachFrame,
  maxMessageBytes,
  messageWriter,
} from "./message-framing.js";
import { ReadyState, type WebSocketEventLike, type WebSocketLike } from "./websocket-like.js";

/**
 * How long a closed channel waits for the peer's half of the closing handshake before
 * terminating the socket, where the implementation can (`ws`; browsers time out by themselves).
 */
const closeGraceMs = 2000;

/** The floor of the default `maxBufferedBytes`. */
const minBufferedBytes = 64 * 1024 * 1024;

/** Options for {@link wsChannel}. */
export interface WsChannelOptions {
  /**
   * Most bytes allowed to wait in the socket's send buffer (`bufferedAmount`). A peer that
   * stops reading while it keeps sending requests would otherwise make us buffer every reply;
   * past this the connection is closed (code 1008), its calls fail `unavailable` and a server's
   * handlers see `resource_exhausted`, naming the limit. Default: the larger of 64 MiB and
   * 4 × `maxFrameBytes`. `Infinity` turns it off.
   */
  readonly maxBufferedBytes?: number;
  /**
   * The connection the WebSocket runs on, where there is one (Node: on a `ws` server, the
   * upgrade request's `request.socket`). With it the channel reports its queued bytes and
   * when they drain, so a server session slows a response stream to a peer that reads slowly
   * instead of queueing it up to `maxBufferedBytes` (see `maxQueuedBytes`). `listenWs` and
   * `attachWs` pass it.
   */
  readonly netSocket?: DrainableStream;
}

/** {@link WsChannelOptions}, and what this package's Node server passes besides them. */
interface ChannelSetup {
  readonly maxBufferedBytes?: number | undefined;
  readonly netSocket?: DrainableStream | undefined;
  readonly peerCertificate?: PeerCertificate | undefined;
}

/**
 * A {@link FrameChannel} over a WebSocket. Frames sent during one turn of the event loop leave
 * as one binary message, each behind a 4-byte big-endian length, and incoming messages are split
 * back into frames. Works with any {@link WebSocketLike} (the browser's and Node's built-in
 * `WebSocket`, the `ws` package's), open or still connecting (frames sent meanwhile wait for
 * the open).
 *
 * Every incoming message is checked whole before any of its frames is delivered: its size
 * against {@link maxMessageBytes}, each frame against the session's `maxFrameBytes`, and its
 * framing (no empty message, no frame cut off at the end). A failed check, a text message or
 * data that is neither an `ArrayBuffer` nor a byte view is reported through `onProtocolError`
 * (the session answers with a GOAWAY naming the problem, then the socket closes with 1009 for
 * a size, 1003 for the wrong kind of data, 1002 for broken framing), and input is ignored from
 * then on. A batch is at most 64 KiB unless it is one larger frame alone, and leaves at the end
 * of the turn (`setImmediate`, or a `MessageChannel` task in browsers), never on a timer. With the `ws` package and a `maxPayload`
 * the oversized message is refused before it is buffered; browsers give no such hook, so there
 * it is refused once received. A close or failure of the socket reaches the session as
 * `unavailable` naming `peer`, the close code and reason.
 *
 * @param socket - the WebSocket; the channel takes it over and sets its `binaryType`.
 * @param peer - how the remote end is named in errors, e.g. `ws://127.0.0.1:7000/rpc`.
 */
export function wsChannel(
  socket: WebSocketLike,
  peer: string,
  options: WsChannelOptions = {},
): FrameChannel {
  return openWsChannel(socket, peer, options);
}

/** {@link wsChannel} for this package's Node server, which also passes the peer certificate. */
export function openWsChannel(socket: WebSocketLike, peer: string, setup: ChannelSetup): WsChannel {
  return setup.netSocket === undefined
    ? new WsChannel(socket, peer, setup)
    : new DrainingWsChannel(socket, peer, setup, setup.netSocket);
}

/** Stands in the held messages for a message `ws` refused before start(). */
const refusedMessage = Symbol("refused message");

/** The channel behind {@link wsChannel}; exported for this package's Node server only. */
export class WsChannel implements FrameChannel {
  readonly peer: string;
  readonly peerCertificate: PeerCertificate | undefined;
  readonly #socket: WebSocketLike;
  readonly #maxBufferedOption: number | undefined;
  #maxBufferedBytes = Number.POSITIVE_INFINITY;
  #maxFrameBytes = 0;
  #sink: FrameSink | undefined;
  readonly #writer: LengthPrefixedWriter;
  /** Message data that arrived before start(), in order; undefined once started. */
  #held: unknown[] | undefined = [];
  /** Messages flushed while the socket was still connecting; undefined once it is open. */
  #outbox: Uint8Array<ArrayBuffer>[] | undefined;
  /** After a local close() nothing is reported and input is dropped. */
  #closing = false;
  /** After a protocol error input is ignored, as the FrameChannel contract asks. */
  #failed = false;
  #reported = false;
  #closeCode: number = CloseCode.Normal;
  /** What an error event said; reported with the close event that always follows it. */
  #failure: string | undefined;
  /** Why the socket went away before start(); reported once there is a sink. */
  #earlyClose: RpcError | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(socket: WebSocketLike, peer: string, setup: ChannelSetup) {
    this.#socket = socket;
    this.peer = peer;
    this.peerCertificate = setup.peerCertificate;
    this.#maxBufferedOption = setup.maxBufferedBytes;
    this.#writer = messageWriter(this.#sendMessage);
    // A Blob could only be read asynchronously, which would reorder frames; Node buffers are
    // Uint8Arrays already and cost no copy, so `ws`'s default stays.
    if (socket.binaryType !== "nodebuffer") socket.binaryType = "arraybuffer";
    // Listeners go on at once: an error event without a listener crashes a Node process with
    // `ws`, and messages may arrive before the session starts reading.
    socket.addEventListener("message", this.#onMessage);
    socket.addEventListener("error", this.#onError);
    socket.addEventListener("close", this.#onClose);
    if (socket.readyState === ReadyState.Connecting) {
      this.#outbox = [];
      socket.addEventListener("open", this.#onOpen);
    } else if (socket.readyState === ReadyState.Closed) {
      this.#report(new RpcError(RpcCode.Unavailable, `connection to ${peer} is already closed`));
    }
  }

  start(sink: FrameSink, limits: { readonly maxFrameBytes: number }): void {
    if (this.#sink !== undefined) throw new Error(`channel to ${this.peer} was already started`);
    this.#sink = sink;
    this.#maxFrameBytes = limits.maxFrameBytes;
    this.#maxBufferedBytes =
      this.#maxBufferedOption ?? Math.max(minBufferedBytes, 4 * limits.maxFrameBytes);
    const held = this.#held!;
    this.#held = undefined;
    for (const data of held) {
      if (this.#closing || this.#failed) break;
      this.#receive(sink, data);
    }
    const early = this.#earlyClose;
    this.#earlyClose = undefined;
    if (early !== undefined && !this.#closing) sink.onClose(early);
  }

  send(frame: Uint8Array, urgent?: boolean): void {
    if (!this.#closing) this.#writer.write(frame, urgent);
  }

  flush(): void {
    if (!this.#closing) this.#writer.flush();
  }

  /**
   * Bytes of frames batched or waiting in the socket, see {@link DrainingWsChannel}. None once
   * the channel is closing: what is left will not be sent for anyone to wait on.
   */
  protected get unsentBytes(): number {
    const socket = this.#socket;
    if (this.#closing || socket.readyState !== ReadyState.Open) return 0;
    return this.#writer.pendingBytes + socket.bufferedAmount;
  }

  close(): void {
    if (this.#closing) return;
    this.#writer.flush();
    this.#closing = true;
    // Still connecting: the open handler sends the outbox, then closes.
    if (this.#outbox === undefined) this.#closeSocket();
  }

  readonly #sendMessage = (message: Uint8Array<ArrayBuffer>): void => {
    // A flush scheduled before an overflow gave up on the socket has nothing left to do.
    if (this.#closing) return;
    if (this.#outbox !== undefined) {
      this.#outbox.push(message);
      return;
    }
    const socket = this.#socket;
    // Closing or closed: the close event is on its way and will fail the session's calls.
    if (socket.readyState !== ReadyState.Open) return;
    socket.send(message);
    if (socket.bufferedAmount > this.#maxBufferedBytes) this.#overflow(socket.bufferedAmount);
  };

  readonly #onOpen = (): void => {
    const outbox = this.#outbox ?? [];
    this.#outbox = undefined;
    for (const message of outbox) this.#socket.send(message);
    if (this.#closing) this.#closeSocket();
  };

  readonly #onMessage = (event: WebSocketEventLike): void => {
    if (this.#closing || this.#failed) return;
    const sink = this.#sink;
    if (sink === undefined) this.#held!.push(event.data);
    else this.#receive(sink, event.data);
  };

  #receive(sink: FrameSink, data: unknown): void {
    if (data === refusedMessage) {
      this.#protocolError(
        sink,
        new RpcError(
          RpcCode.ResourceExhausted,
          `message exceeds the limit of ${describeMessageLimit(this.#maxFrameBytes)}; refused before buffering`,
        ),
        CloseCode.MessageTooBig,
      );
      return;
    }
    if (typeof data === "string") {
      // The peer broke the protocol, as with a malformed frame: invalid_argument, not internal.
      this.#protocolError(
        sink,
        new RpcError(
          RpcCode.InvalidArgument,
          "text message received; rpcgen frames travel in binary messages only",
        ),
        CloseCode.UnsupportedData,
      );
      return;
    }
    const bytes = toBytes(data);
    if (bytes === undefined) {
      // Our side's fault: someone switched binaryType to "blob" or "fragments" behind our back.
      this.#protocolError(
        sink,
        new RpcError(
          RpcCode.Internal,
          `binary message arrived as ${describeData(data)}; the socket's binaryType must stay "arraybuffer" or "nodebuffer"`,
        ),
        CloseCode.UnsupportedData,
      );
      return;
    }
    if (bytes.length > maxMessageBytes(this.#maxFrameBytes)) {
      this.#protocolError(
        sink,
        new RpcError(
          RpcCode.ResourceExhausted,
          `message of ${bytes.length} bytes exceeds the limit of ${describeMessageLimit(this.#maxFrameBytes)}`,
        ),
        CloseCode.MessageTooBig,
      );
      return;
    }
    const malformed = checkMessage(bytes, this.#maxFrameBytes);
    if (malformed !== undefined) {
      const closeCode =
        malformed.code === RpcCode.ResourceExhausted
          ? CloseCode.MessageTooBig
          : CloseCode.ProtocolError;
      this.#protocolError(sink, malformed, closeCode);
      return;
    }
    forEachFrame(bytes, this.#deliver);
  }

  /** Hands one frame to the session; false stops the message once the session closed us. */
  readonly #deliver = (frame: Uint8Array): boolean => {
    if (this.#closing || this.#failed) return false;
    this.#sink!.onFrame(frame);
    return true;
  };

  /**
   * Refuses the peer for something seen below the frames (a ping flood): input is ignored from
   * now on, the session sends a goaway naming `error`, and the socket closes with `closeCode`.
   */
  refuse(error: RpcError, closeCode: number): void {
    if (this.#closing || this.#failed) return;
    const sink = this.#sink;
    if (sink !== undefined) {
      this.#protocolError(sink, error, closeCode);
      return;
    }
    // No session to explain it yet: close with the code alone.
    this.#failed = true;
    this.#closeCode = closeCode;
    this.#held = [];
    this.#closeSocket();
  }

  #protocolError(sink: FrameSink, error: RpcError, closeCode: number): void {
    this.#failed = true;
    this.#closeCode = closeCode;
    sink.onProtocolError(error);
  }

  readonly #onError = (event: WebSocketEventLike): void => {
    if (this.#closing || this.#reported) return;
    const error = event.error;
    if (isPayloadTooBig(error)) {
      // `ws` refused the message before buffering it and is already closing with 1009; the
      // session still hears it as the protocol error it is.
      if (this.#failed) return;
      const sink = this.#sink;
      if (sink === undefined) this.#held!.push(refusedMessage);
      else this.#receive(sink, refusedMessage);
      return;
    }
    this.#failure ??= errorText(event);
  };

  readonly #onClose = (event: WebSocketEventLike): void => {
    clearTimeout(this.#graceTimer);
    this.#outbox = undefined;
    const how = this.#failure === undefined ? "was closed by the peer" : `failed: ${this.#failure}`;
    this.#report(
      new RpcError(
        RpcCode.Unavailable,
        `connection to ${this.peer} ${how} (${describeClose(event.code, event.reason)})`,
      ),
    );
  };

  /**
   * The peer does not read what we send: give up on it rather than buffer without bound. As
   * `resource_exhausted`, like the session's `maxQueuedBytes`: a server's handlers see this
   * reason, not a client that went away.
   */
  #overflow(buffered: number): void {
    const error = new RpcError(
      RpcCode.ResourceExhausted,
      `${buffered} bytes wait to be sent to ${this.peer}, which is not reading: more than the limit maxBufferedBytes = ${this.#maxBufferedBytes}`,
    );
    this.#closing = true;
    this.#reported = true;
    this.#closeCode = CloseCode.PolicyViolation;
    this.#closeSocket();
    // Reported on a microtask: the session is in the middle of a send right now.
    const sink = this.#sink!;
    queueMicrotask(() => sink.onClose(error));
  }

  #closeSocket(): void {
    const socket = this.#socket;
    if (socket.readyState === ReadyState.Closing || socket.readyState === ReadyState.Closed) {
      return;
    }
    socket.close(this.#closeCode);
    const terminate = (socket as { terminate?: unknown }).terminate;
    if (typeof terminate === "function") {
      this.#graceTimer = setTimeout(() => terminate.call(socket), closeGraceMs);
    }
  }

  #report(error: RpcError): void {
    if (this.#reported || this.#closing) return;
    this.#reported = true;
    const sink = this.#sink;
    if (sink === undefined) this.#earlyClose = error;
    else sink.onClose(error);
  }
}

/**
 * A {@link WsChannel} that knows the connection under its WebSocket, and so reports
 * {@link FrameChannel.queuedBytes} and {@link FrameChannel.drained} like a TCP channel: the
 * server session then holds response streams while the peer reads slowly.
 */
class DrainingWsChannel extends WsChannel {
  readonly #stream: DrainableStream;
  /** Shared by everyone waiting for the current backlog to drain; made on demand. */
  #drained: Promise<void> | undefined;

  constructor(socket: WebSocketLike, peer: string, setup: ChannelSetup, stream: DrainableStream) {
    super(socket, peer, setup);
    this.#stream = stream;
  }

  get queuedBytes(): number {
    return this.#stream.destroyed ? 0 : this.unsentBytes;
  }

  drained(): Promise<void> {
    if (this.queuedBytes === 0) return Promise.resolve();
    this.#drained ??= waitForDrain(this.#stream, () => this.flush()).then(() => {
      this.#drained = undefined;
    });
    return this.#drained;
  }
}
