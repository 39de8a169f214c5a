import type { FrameChannel, FrameSink } from "../channel/frame-channel.js";
import type { Codec } from "../codec/codec.js";
import { jsonCodec } from "../codec/json.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import type { SessionLimits } from "../limits.js";
import { FrameType } from "../protocol/frames.js";

const handshakeCodec = jsonCodec({ maxDepth: 8 });

/**
 * What client and server sessions share: the handshake codec switch, frame decoding and
 * shape checks, keepalive, goaway and the teardown that fails every open call at once.
 */
export abstract class SessionBase implements FrameSink {
  protected readonly channel: FrameChannel;
  protected readonly limits: SessionLimits;
  /** Set once the handshake agreed on a codec. */
  protected codec: Codec | undefined;
  /** Largest frame the peer accepts; known after the handshake. */
  protected peerMaxFrameBytes = 0;
  /**
   * Messages per stream either side may have unread: the smaller of the two hellos'
   * `streamWindow`, so a peer cannot make this side send (and buffer) more than its own limit
   * allows. Our initial send credit, and the window our receiving streams grant by.
   */
  protected streamWindow = 0;
  #closed = false;
  #lastReceived = now();
  /** Set on every frame; the keepalive check folds it into #lastReceived. Cheaper than a clock read per frame. */
  #heard = false;
  #pingSentAt = 0;
  #pingNonce = 0;
  #keepalive: ReturnType<typeof setInterval> | undefined;
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(channel: FrameChannel, limits: SessionLimits) {
    this.channel = channel;
    this.limits = limits;
  }

  /** Starts reading frames and arms the handshake timeout. */
  protected begin(): void {
    this.#handshakeTimer = setTimeout(() => {
      this.fail(
        new RpcError(
          RpcCode.Unavailable,
          `handshake did not complete within handshakeTimeoutMs = ${this.limits.handshakeTimeoutMs} ms`,
        ),
      );
    }, this.limits.handshakeTimeoutMs);
    this.channel.start(this, { maxFrameBytes: this.limits.maxFrameBytes });
  }

  /** True once the session is closed; no frame is sent or handled after that. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The remote end, as the transport describes it. */
  get peer(): string {
    return this.channel.peer;
  }

  /** Sends a handshake frame (always JSON). */
  protected sendHello(hello: object): void {
    this.channel.send(handshakeCodec.encode(hello));
  }

  /**
   * Checks the peer's advertised limits: frames of at least 1 KiB (room for any control frame)
   * and a window of at least one message, both integers.
   */
  protected static saneLimits(maxFrameBytes: unknown, streamWindow: unknown): boolean {
    return (
      Number.isSafeInteger(maxFrameBytes) &&
      (maxFrameBytes as number) >= 1024 &&
      Number.isSafeInteger(streamWindow) &&
      (streamWindow as number) >= 1
    );
  }

  /** Called by subclasses when the handshake succeeded. */
  protected handshakeDone(codec: Codec, peerMaxFrameBytes: number, peerStreamWindow: number): void {
    clearTimeout(this.#handshakeTimer);
    this.codec = codec;
    this.peerMaxFrameBytes = peerMaxFrameBytes;
    this.streamWindow = Math.min(peerStreamWindow, this.limits.streamWindow);
    const interval = this.limits.keepaliveIntervalMs;
    if (interval > 0) {
      this.#keepalive = setInterval(() => this.#checkAlive(), Math.max(10, interval >> 1));
      this.#keepalive.unref?.();
    }
  }

  /**
   * Encodes a frame. Returns the bytes, or an `RpcError` when the frame would exceed the peer's
   * limit or the value cannot be encoded; the caller fails only the call concerned.
   */
  protected encode(frame: unknown[]): Uint8Array | RpcError {
    let bytes: Uint8Array;
    try {
      bytes = this.codec!.encode(frame);
    } catch (error) {
      // The encoder's own message may describe user data: it stays local, in `cause`.
      return new RpcError(RpcCode.Internal, "internal error", { cause: error });
    }
    if (bytes.length > this.peerMaxFrameBytes) {
      this.codec!.discard?.();
      return new RpcError(
        RpcCode.ResourceExhausted,
        `message of ${bytes.length} bytes exceeds the peer's limit maxFrameBytes = ${this.peerMaxFrameBytes}`,
      );
    }
    return bytes;
  }

  /**
   * Sends a frame of numbers and short strings only, which always encodes and fits; `urgent`
   * as in {@link FrameChannel.send}.
   */
  protected sendControl(frame: unknown[], urgent = false): void {
    if (!this.#closed) this.channel.send(this.codec!.encode(frame), urgent);
  }

  onFrame(bytes: Uint8Array): void {
    if (this.#closed) return;
    this.#heard = true;
    if (this.codec === undefined) {
      let hello: unknown;
      try {
        hello = handshakeCodec.decode(bytes);
      } catch (error) {
        this.protocolError(RpcError.from(error, RpcCode.InvalidArgument), "handshake");
        return;
      }
      this.onHello(hello);
      return;
    }
    let frame: unknown;
    try {
      frame = this.codec.decode(bytes);
    } catch (error) {
      this.protocolError(RpcError.from(error, RpcCode.InvalidArgument), "frame");
      return;
    }
    if (!Array.isArray(frame) || typeof frame[0] !== "number" || typeof frame[1] !== "number") {
      this.protocolError(
        new RpcError(RpcCode.InvalidArgument, "frame is not an array [type, id, ...]"),
        "frame",
      );
      return;
    }
    switch (frame[0]) {
      case FrameType.Ping:
        // Echo only a number or a short string: anything else might not encode again.
        this.sendControl([FrameType.Pong, 0, isNonce(frame[2]) ? frame[2] : 0]);
        return;
      case FrameType.Pong:
        this.#pingSentAt = 0;
        return;
      case FrameType.GoAway:
        this.onGoAway(
          frame[2] === null || frame[2] === undefined ? undefined : RpcError.fromWire(frame[2]),
        );
        return;
      default:
        this.onCallFrame(frame);
    }
  }

  onProtocolError(error: RpcError): void {
    this.protocolError(error, "framing");
  }

  onClose(error?: RpcError): void {
    this.#teardown(
      error ?? new RpcError(RpcCode.Unavailable, `connection to ${this.channel.peer} closed`),
    );
  }

  /**
   * The peer broke the protocol: tell it why in a goaway, close, and fail every call. Other
   * connections are untouched.
   */
  protected protocolError(error: RpcError, where: string): void {
    if (this.#closed) return;
    const wire = { code: error.code, message: `protocol error in ${where}: ${error.message}` };
    if (this.codec === undefined) this.sendHello({ protocol: "rpcgen", version: 1, error: wire });
    else this.channel.send(this.codec.encode([FrameType.GoAway, 0, wire]));
    this.fail(new RpcError(RpcCode.Unavailable, wire.message, { cause: error }));
  }

  /** Closes the channel and fails every open call with `error`. */
  fail(error: RpcError): void {
    if (this.#closed) return;
    this.#teardown(error);
    this.channel.close();
  }

  #teardown(error: RpcError): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#handshakeTimer);
    clearInterval(this.#keepalive);
    this.failAll(
      error.code === RpcCode.Unavailable
        ? error
        : new RpcError(RpcCode.Unavailable, error.message, { cause: error }),
    );
  }

  #checkAlive(): void {
    if (this.#closed) return;
    const t = now();
    if (this.#heard) {
      // Anything heard since the last check proves the peer alive, an answer to a ping included.
      this.#heard = false;
      this.#lastReceived = t;
      this.#pingSentAt = 0;
    }
    if (this.#pingSentAt !== 0) {
      if (t - this.#pingSentAt > this.limits.keepaliveTimeoutMs) {
        this.fail(
          new RpcError(
            RpcCode.Unavailable,
            `peer ${this.channel.peer} did not answer a ping within keepaliveTimeoutMs = ${this.limits.keepaliveTimeoutMs} ms`,
          ),
        );
      }
      return;
    }
    if (t - this.#lastReceived >= this.limits.keepaliveIntervalMs) {
      this.#pingSentAt = t;
      this.sendControl([FrameType.Ping, 0, ++this.#pingNonce]);
    }
  }

  /** The first frame from the peer, decoded from JSON. */
  protected abstract onHello(hello: unknown): void;
  /** A call-level frame (anything but ping, pong and goaway). */
  protected abstract onCallFrame(frame: unknown[]): void;
  /** The peer will take no new calls; `error` set means it is closing at once. */
  protected abstract onGoAway(error: RpcError | undefined): void;
  /** Fails every open call; the session is closed. */
  protected abstract failAll(error: RpcError): void;
}

/** The longest delay a timer can take; longer deadlines are left to the peer or never fire. */
export const maxTimerMs = 2_147_483_647;

function isNonce(value: unknown): boolean {
  return typeof value === "number" || (typeof value === "string" && value.length <= 64);
}

/** A CREDIT grant must be a whole number of messages, zero or more. */
export function isCreditGrant(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0;
}

/** Monotonic milliseconds. */
export function now(): number {
  return performance.now();
}
