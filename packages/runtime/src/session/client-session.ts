import type { FrameChannel } from "../channel/frame-channel.js";
import { type CallSpec, type ClientTransport, decodeResponse } from "../client/transport.js";
import { type CodecName, createCodec } from "../codec/registry.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { resolveLimits, type SessionLimits } from "../limits.js";
import type { Metadata } from "../metadata.js";
import { FrameType, hasFeature, protocolVersion, type ServerHello } from "../protocol/frames.js";
import { ClientMethodIds, methodIdsFeature } from "../protocol/method-ids.js";
import { InboundStream } from "../stream/inbound-stream.js";
import { SendCredit } from "../stream/send-credit.js";
import { asInvalid, ClientCall, deadlineError } from "./client-call.js";
import { isCreditGrant, maxTimerMs, now, SessionBase } from "./session-base.js";

/** Options for {@link createClientSession}. */
export interface ClientSessionOptions {
  /** Codec to ask the server for. Default `"msgpack"`. */
  readonly codec?: CodecName;
  readonly limits?: Partial<SessionLimits>;
}

/** A client session: a {@link ClientTransport} over one frame channel. */
export interface ClientSession extends ClientTransport {
  /** Resolves when the handshake completed; rejects with `unavailable` if it failed. */
  readonly ready: Promise<void>;
  /** `open` takes calls; `draining` finishes calls after a goaway; `closed` is final. */
  readonly state: "connecting" | "open" | "draining" | "closed";
  /** Calls in flight on this session. */
  readonly activeCalls: number;
  /** Called once when the session closes, with the reason. */
  onClosed: ((error: RpcError) => void) | undefined;
}

/**
 * Opens the client side of the protocol over `channel`: sends the hello at once and
 * multiplexes every call over the channel.
 */
export function createClientSession(
  channel: FrameChannel,
  options: ClientSessionOptions = {},
): ClientSession {
  return new ClientSessionImpl(channel, options);
}

class ClientSessionImpl extends SessionBase implements ClientSession {
  readonly ready: Promise<void>;
  onClosed: ((error: RpcError) => void) | undefined = undefined;
  readonly #codecName: CodecName;
  readonly #calls = new Map<number, ClientCall>();
  #nextId = 1;
  /** Set once the server agreed to method ids. */
  #methodIds: ClientMethodIds | undefined = undefined;
  #state: ClientSession["state"] = "connecting";
  #resolveReady!: () => void;
  #rejectReady!: (error: RpcError) => void;

  constructor(channel: FrameChannel, options: ClientSessionOptions) {
    super(channel, resolveLimits(options.limits));
    this.#codecName = options.codec ?? "msgpack";
    this.ready = new Promise<void>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    // A handshake failure is also reported to each call; nobody has to observe `ready`.
    this.ready.catch(() => {});
    this.begin();
    this.sendHello({
      protocol: "rpcgen",
      version: protocolVersion,
      codecs: [this.#codecName],
      maxFrameBytes: this.limits.maxFrameBytes,
      streamWindow: this.limits.streamWindow,
      features: [methodIdsFeature],
    });
  }

  get state(): ClientSession["state"] {
    return this.#state;
  }

  get activeCalls(): number {
    return this.#calls.size;
  }

  unary(spec: CallSpec, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const call = new ClientCall(spec);
      call.resolve = resolve;
      call.reject = reject;
      if (this.#state === "connecting") {
        this.#awaitHandshake(call, input);
      } else {
        this.#start(call, input);
      }
    });
  }

  stream(spec: CallSpec, input: unknown): AsyncIterable<unknown> {
    const call = new ClientCall(spec);
    call.inbound = new InboundStream<unknown>(
      {
        grant: (n) => {
          if (call.done) return;
          this.sendControl([FrameType.Credit, call.id, n]);
          // The server may be stalled on this grant: it must not wait for the end of the tick.
          this.channel.flush?.();
        },
        abandon: () =>
          this.#cancel(call, new RpcError(RpcCode.Cancelled, "the client stopped reading")),
      },
      this.limits.streamWindow,
    );
    if (this.#state === "connecting") {
      this.#awaitHandshake(call, input);
    } else {
      this.#start(call, input);
    }
    return call.inbound;
  }

  async close(): Promise<void> {
    this.fail(new RpcError(RpcCode.Unavailable, "the client closed the connection"));
  }

  /**
   * A call made before the handshake completed starts when it does; meanwhile its deadline
   * and signal already count, so it cannot wait out a slow handshake past either.
   */
  #awaitHandshake(call: ClientCall, input: unknown): void {
    const { spec } = call;
    if (spec.deadline !== undefined) {
      const ms = Math.ceil(spec.deadline - now());
      if (Number.isFinite(ms) && ms <= maxTimerMs) {
        call.timer = setTimeout(() => this.#settle(call, deadlineError()), Math.max(0, ms));
      }
    }
    if (spec.signal !== undefined) {
      call.onAbort = () =>
        this.#settle(
          call,
          new RpcError(RpcCode.Cancelled, "the call was cancelled before it started"),
        );
      spec.signal.addEventListener("abort", call.onAbort, { once: true });
    }
    this.ready.then(
      () => {
        if (!call.done) this.#start(call, input);
      },
      (error: RpcError) => this.#settle(call, error),
    );
  }

  #start(call: ClientCall, input: unknown): void {
    const { spec } = call;
    // What watched the call during the handshake hands over to what watches it on the wire.
    if (call.timer !== undefined) {
      clearTimeout(call.timer);
      call.timer = undefined;
    }
    if (call.onAbort !== undefined) {
      spec.signal!.removeEventListener("abort", call.onAbort);
      call.onAbort = undefined;
    }
    if (this.#state !== "open") {
      this.#settle(
        call,
        new RpcError(
          RpcCode.Unavailable,
          this.#state === "draining"
            ? "the server is shutting down this connection (goaway)"
            : `connection to ${this.peer} is closed`,
        ),
      );
      return;
    }
    if (spec.signal?.aborted) {
      this.#settle(
        call,
        new RpcError(RpcCode.Cancelled, "the call was cancelled before it started"),
      );
      return;
    }
    let timeoutMs = 0;
    if (spec.deadline !== undefined) {
      timeoutMs = Math.ceil(spec.deadline - now());
      // An infinite deadline is no deadline.
      if (!Number.isFinite(timeoutMs)) timeoutMs = 0;
      else if (timeoutMs <= 0) {
        this.#settle(call, deadlineError());
        return;
      }
    }
    const id = this.#nextId;
    this.#nextId += 1;
    call.id = id;
    const streamingInput = spec.kind === "client_stream" || spec.kind === "bidi";
    const method = this.#methodIds === undefined ? spec.path : this.#methodIds.target(spec.path);
    const frame: unknown[] = streamingInput
      ? [FrameType.Call, id, method, spec.metadata ?? null, timeoutMs]
      : [FrameType.Call, id, method, spec.metadata ?? null, timeoutMs, input];
    const bytes = this.encode(frame);
    if (bytes instanceof RpcError) {
      this.#settle(call, bytes.code === RpcCode.Internal ? asInvalid(bytes) : bytes);
      return;
    }
    this.channel.send(bytes, true);
    // A definition counts once it is on its way: a frame that failed to encode defined nothing.
    if (typeof method === "object") this.#methodIds?.sent(spec.path, method);
    this.#calls.set(id, call);
    // Beyond the timer range (~24.8 days) the deadline is left to the server.
    if (timeoutMs > 0 && timeoutMs <= maxTimerMs) {
      call.timer = setTimeout(() => this.#cancel(call, deadlineError()), timeoutMs);
    }
    if (spec.signal !== undefined) {
      const signal = spec.signal;
      call.onAbort = () =>
        this.#cancel(call, new RpcError(RpcCode.Cancelled, "the call was cancelled by the client"));
      signal.addEventListener("abort", call.onAbort, { once: true });
    }
    call.inbound?.narrowWindow(this.streamWindow);
    if (streamingInput) {
      call.credit = new SendCredit(this.streamWindow);
      void this.#pump(call, input as AsyncIterable<unknown>);
    }
  }

  async #pump(call: ClientCall, input: AsyncIterable<unknown>): Promise<void> {
    const credit = call.credit!;
    try {
      for await (const item of input) {
        if (call.done) return;
        while (!credit.tryTake()) {
          await credit.ready();
          if (call.done) return;
        }
        const bytes = this.encode([FrameType.Message, call.id, item]);
        if (bytes instanceof RpcError) {
          this.#cancel(call, bytes.code === RpcCode.Internal ? asInvalid(bytes) : bytes);
          return;
        }
        this.channel.send(bytes);
      }
      if (!call.done) this.sendControl([FrameType.HalfClose, call.id], true);
    } catch (error) {
      this.#cancel(call, RpcError.from(error, RpcCode.Cancelled));
    }
  }

  /** Ends a call locally and tells the server to stop working on it. */
  #cancel(call: ClientCall, error: RpcError): void {
    if (call.done) return;
    // The reason lets the server abort its handler with the same code the client saw.
    if (this.#calls.has(call.id)) this.sendControl([FrameType.Cancel, call.id, error.code], true);
    this.#settle(call, error);
  }

  #settle(call: ClientCall, error: RpcError | undefined, value?: unknown): void {
    if (call.done) return;
    call.done = true;
    if (call.timer !== undefined) clearTimeout(call.timer);
    if (call.onAbort !== undefined) call.spec.signal!.removeEventListener("abort", call.onAbort);
    call.credit?.release();
    this.#calls.delete(call.id);
    if (error === undefined) {
      if (call.inbound !== undefined) call.inbound.end();
      else call.resolve!(value);
    } else if (call.inbound !== undefined) {
      call.inbound.fail(error);
    } else {
      call.reject!(error);
    }
    if (this.#state === "draining" && this.#calls.size === 0) {
      this.fail(new RpcError(RpcCode.Unavailable, "connection drained after goaway"));
    }
  }

  protected onHello(hello: unknown): void {
    const h = hello as Partial<ServerHello> | null;
    if (h?.error !== undefined) {
      this.fail(RpcError.fromWire(h.error));
      return;
    }
    const codec =
      typeof h?.codec === "string" ? createCodec(h.codec, { connection: true }) : undefined;
    if (
      h?.protocol !== "rpcgen" ||
      h.version !== protocolVersion ||
      codec === undefined ||
      !SessionBase.saneLimits(h.maxFrameBytes, h.streamWindow)
    ) {
      this.protocolError(
        new RpcError(
          RpcCode.InvalidArgument,
          "server hello is malformed or names an unknown codec",
        ),
        "handshake",
      );
      return;
    }
    this.handshakeDone(codec, h.maxFrameBytes as number, h.streamWindow as number);
    if (hasFeature(h.features, methodIdsFeature)) this.#methodIds = new ClientMethodIds();
    this.#state = "open";
    this.#resolveReady();
  }

  protected onCallFrame(frame: unknown[]): void {
    const call = this.#calls.get(frame[1] as number);
    // Frames for calls already settled (cancelled, timed out) are expected and dropped.
    if (call === undefined) return;
    switch (frame[0]) {
      case FrameType.Message: {
        const inbound = call.inbound;
        if (inbound === undefined) break;
        // One or more items (section 4); a bare [2, id] carries one undefined item.
        const end = Math.max(3, frame.length);
        if (inbound.buffered + end - 2 > this.streamWindow) {
          this.#cancel(
            call,
            new RpcError(
              RpcCode.ResourceExhausted,
              `server sent past its credit: limit streamWindow = ${this.streamWindow}`,
            ),
          );
          return;
        }
        for (let i = 2; i < end && !call.done; i++) this.#pushDecoded(call, inbound, frame[i]);
        return;
      }
      case FrameType.Headers:
        call.spec.onHeaders?.((frame[2] ?? {}) as Metadata);
        return;
      case FrameType.Result:
        if (call.inbound !== undefined) break;
        if (frame[3] != null) call.spec.onHeaders?.(frame[3] as Metadata);
        if (frame[4] != null) call.spec.onTrailers?.(frame[4] as Metadata);
        this.#settleDecoded(call, frame[2]);
        return;
      case FrameType.Status: {
        if (frame[4] != null) call.spec.onHeaders?.(frame[4] as Metadata);
        if (frame[3] != null) call.spec.onTrailers?.(frame[3] as Metadata);
        const error =
          frame[2] == null
            ? call.inbound === undefined
              ? new RpcError(
                  RpcCode.Internal,
                  "server ended a single-response call without a result",
                )
              : undefined
            : RpcError.fromWire(frame[2]);
        this.#settle(call, error);
        return;
      }
      case FrameType.Credit:
        if (call.credit === undefined || !isCreditGrant(frame[2])) break;
        call.credit.add(frame[2]);
        return;
    }
    this.protocolError(
      new RpcError(
        RpcCode.InvalidArgument,
        `unexpected frame type ${String(frame[0])} for call ${call.id}`,
      ),
      "frame",
    );
  }

  /**
   * Decoded as it arrives, so the reader pays no extra promise per item. An item that does not
   * decode ends the call at once (the server is told to stop), as a bad request item does on
   * the server.
   */
  #pushDecoded(call: ClientCall, inbound: InboundStream<unknown>, payload: unknown): void {
    let item: unknown;
    try {
      item = decodeResponse(call.spec, payload);
    } catch (error) {
      this.#cancel(call, error as RpcError);
      return;
    }
    inbound.push(item);
  }

  #settleDecoded(call: ClientCall, payload: unknown): void {
    let value: unknown;
    try {
      value = decodeResponse(call.spec, payload);
    } catch (error) {
      this.#settle(call, error as RpcError);
      return;
    }
    this.#settle(call, undefined, value);
  }

  protected onGoAway(error: RpcError | undefined): void {
    if (error !== undefined) {
      this.fail(
        new RpcError(RpcCode.Unavailable, `server closed the connection: ${error.message}`),
      );
      return;
    }
    this.#state = "draining";
    if (this.#calls.size === 0) {
      this.fail(new RpcError(RpcCode.Unavailable, "connection drained after goaway"));
    }
  }

  protected failAll(error: RpcError): void {
    const wasConnecting = this.#state === "connecting";
    this.#state = "closed";
    if (wasConnecting) this.#rejectReady(error);
    for (const call of [...this.#calls.values()]) this.#settle(call, error);
    this.onClosed?.(error);
  }
}
