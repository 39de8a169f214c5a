import {
  type CallSpec,
  type Codec,
  decodeResponse,
  FrameType,
  frameHeaderBytes,
  frameLengthAt,
  LengthPrefixedDecoder,
  type Metadata,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";

/**
 * One unary call waiting for its reply: the reply frame (RESULT or STATUS), heartbeats (PING
 * frames) while the replica works on it, or a NATS no-responders status. A reply larger than
 * one NATS message arrives as the same length-prefixed byte stream in several messages.
 */
export class UnaryCall {
  readonly spec: CallSpec;
  readonly subject: string;
  /** The last time anything was heard for this call (`performance.now()`). */
  lastHeard = performance.now();
  timer: ReturnType<typeof setTimeout> | undefined;
  onAbort: (() => void) | undefined;
  done = false;
  readonly #codec: Codec;
  readonly #maxFrameBytes: number;
  readonly #resolve: (value: unknown) => void;
  readonly #reject: (error: RpcError) => void;
  readonly #onSettled: (call: UnaryCall) => void;
  readonly #onNoResponders: (call: UnaryCall) => void;
  #decoder: LengthPrefixedDecoder | undefined;

  constructor(options: {
    readonly spec: CallSpec;
    readonly subject: string;
    readonly codec: Codec;
    readonly maxFrameBytes: number;
    readonly resolve: (value: unknown) => void;
    readonly reject: (error: RpcError) => void;
    readonly onSettled: (call: UnaryCall) => void;
    readonly onNoResponders: (call: UnaryCall) => void;
  }) {
    this.spec = options.spec;
    this.subject = options.subject;
    this.#codec = options.codec;
    this.#maxFrameBytes = options.maxFrameBytes;
    this.#resolve = options.resolve;
    this.#reject = options.reject;
    this.#onSettled = options.onSettled;
    this.#onNoResponders = options.onNoResponders;
  }

  /** One message on the call's reply subject. */
  receive(data: Uint8Array, status: number | undefined): void {
    if (this.done) return;
    this.lastHeard = performance.now();
    if (status === 503) {
      this.#onNoResponders(this);
      return;
    }
    // The common case, one whole frame in one message, needs no decoder.
    if (
      this.#decoder === undefined &&
      data.length >= frameHeaderBytes &&
      frameLengthAt(data, 0) === data.length - frameHeaderBytes
    ) {
      if (data.length - frameHeaderBytes > this.#maxFrameBytes) {
        this.fail(tooLarge(data.length - frameHeaderBytes, this.#maxFrameBytes));
        return;
      }
      this.#frame(data.subarray(frameHeaderBytes));
      return;
    }
    this.#decoder ??= new LengthPrefixedDecoder(
      {
        onFrame: (frame) => this.#frame(frame),
        onProtocolError: (error) => this.fail(error),
      },
      this.#maxFrameBytes,
    );
    this.#decoder.push(data);
  }

  #frame(bytes: Uint8Array): void {
    if (this.done) return;
    let frame: unknown;
    try {
      frame = this.#codec.decode(bytes);
    } catch (error) {
      this.fail(
        new RpcError(RpcCode.Internal, `malformed reply from ${this.subject}: ${message(error)}`, {
          cause: error,
        }),
      );
      return;
    }
    if (!Array.isArray(frame)) {
      this.fail(new RpcError(RpcCode.Internal, `malformed reply from ${this.subject}`));
      return;
    }
    const { spec } = this;
    switch (frame[0]) {
      case FrameType.Ping:
        return;
      case FrameType.Result: {
        if (frame[3] != null) spec.onHeaders?.(frame[3] as Metadata);
        if (frame[4] != null) spec.onTrailers?.(frame[4] as Metadata);
        let value: unknown;
        try {
          value = decodeResponse(spec, frame[2]);
        } catch (error) {
          this.fail(error as RpcError);
          return;
        }
        this.#settle();
        this.#resolve(value);
        return;
      }
      case FrameType.Status:
        if (frame[4] != null) spec.onHeaders?.(frame[4] as Metadata);
        if (frame[3] != null) spec.onTrailers?.(frame[3] as Metadata);
        this.fail(
          frame[2] == null
            ? new RpcError(RpcCode.Internal, "server ended a single-response call without a result")
            : RpcError.fromWire(frame[2]),
        );
        return;
      default:
        this.fail(
          new RpcError(
            RpcCode.Internal,
            `unexpected frame type ${String(frame[0])} in a reply from ${this.subject}`,
          ),
        );
    }
  }

  /** Ends the call with `error`, once. */
  fail(error: RpcError): void {
    if (this.done) return;
    this.#settle();
    this.#reject(error);
  }

  #settle(): void {
    this.done = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.onAbort !== undefined) this.spec.signal!.removeEventListener("abort", this.onAbort);
    this.#onSettled(this);
  }
}

function tooLarge(bytes: number, limit: number): RpcError {
  return new RpcError(
    RpcCode.ResourceExhausted,
    `message of ${bytes} bytes exceeds the limit maxFrameBytes = ${limit}`,
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
