import type { FrameChannel } from "../channel/frame-channel.js";
import { createCodec } from "../codec/registry.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import type { SessionLimits } from "../limits.js";
import type { Metadata } from "../metadata.js";
import { type ClientHello, FrameType, hasFeature, protocolVersion } from "../protocol/frames.js";
import { type MethodEntry, methodIdsFeature, ServerMethodIds } from "../protocol/method-ids.js";
import { isCreditGrant, maxTimerMs, SessionBase } from "../session/session-base.js";
import { InboundStream } from "../stream/inbound-stream.js";
import { SendCredit } from "../stream/send-credit.js";
import type { Route } from "./route.js";
import {
  type CallOutput,
  type CallRunnerCore,
  deadlineError,
  findRoute,
  runCall,
} from "./run-call.js";
import { ServerCall } from "./server-call.js";

/** What a server session needs from the server that owns it. */
export interface ServerCore extends CallRunnerCore {
  readonly limits: SessionLimits;
  readonly codecs: readonly string[];
  sessionClosed(session: ServerSession): void;
}

/** Stream messages wait while more than this share of `maxQueuedBytes` is queued. */
const streamPauseShift = 4;

/** The server side of one connection. */
export class ServerSession extends SessionBase {
  readonly #core: ServerCore;
  readonly #calls = new Map<number, ServerCall>();
  #draining = false;
  #lastCallId = 0;
  #onDrained: (() => void) | undefined;
  #drained: Promise<void> | undefined;
  /** Set when this server ends the connection itself; handlers then see its own reason. */
  #local = false;
  /** Why the connection is refused at the handshake (too many connections), if it is. */
  readonly #refusal: RpcError | undefined;
  readonly #pauseBytes: number;
  /** Set when both hellos agreed to method ids. */
  #methods: ServerMethodIds<Route> | undefined = undefined;

  constructor(channel: FrameChannel, core: ServerCore, refusal?: RpcError) {
    super(channel, core.limits);
    this.#core = core;
    this.#refusal = refusal;
    this.#pauseBytes = core.limits.maxQueuedBytes >> streamPauseShift;
    this.begin();
  }

  /** Closes the connection at once for a reason of the server's own (shutdown, abort). */
  shutdown(error: RpcError): void {
    this.#local = true;
    this.fail(error);
  }

  /** Calls in flight. */
  get activeCalls(): number {
    return this.#calls.size;
  }

  /**
   * Graceful shutdown: tells the client to send no new calls, lets calls in flight finish,
   * then closes. Resolves when the connection is closed.
   */
  drain(): Promise<void> {
    if (this.#drained === undefined) {
      this.#drained = new Promise((resolve) => {
        this.#onDrained = resolve;
      });
      if (this.closed) this.#onDrained?.();
      else {
        this.#draining = true;
        if (this.codec === undefined) this.#closeDrained();
        else {
          this.sendControl([FrameType.GoAway, this.#lastCallId, null]);
          if (this.#calls.size === 0) this.#closeDrained();
        }
      }
    }
    return this.#drained;
  }

  #closeDrained(): void {
    this.#local = true;
    this.fail(new RpcError(RpcCode.Unavailable, "the server shut down the connection"));
  }

  protected onHello(hello: unknown): void {
    const h = hello as Partial<ClientHello> | null;
    if (this.#refusal !== undefined) {
      this.#local = true;
      this.sendHello({
        protocol: "rpcgen",
        version: protocolVersion,
        error: this.#refusal.toJSON(),
      });
      this.fail(this.#refusal);
      return;
    }
    if (h?.protocol !== "rpcgen") {
      this.protocolError(
        new RpcError(RpcCode.InvalidArgument, "not an rpcgen client hello"),
        "handshake",
      );
      return;
    }
    if (h.version !== protocolVersion) {
      this.protocolError(
        new RpcError(
          RpcCode.FailedPrecondition,
          `unsupported protocol version ${String(h.version)} (this server speaks ${protocolVersion})`,
        ),
        "handshake",
      );
      return;
    }
    const name = Array.isArray(h.codecs)
      ? h.codecs.find((c): c is string => typeof c === "string" && this.#core.codecs.includes(c))
      : undefined;
    const codec = name === undefined ? undefined : createCodec(name, { connection: true });
    if (codec === undefined) {
      this.protocolError(
        new RpcError(
          RpcCode.FailedPrecondition,
          `no codec in common (server codecs: ${this.#core.codecs.join(", ")})`,
        ),
        "handshake",
      );
      return;
    }
    if (!SessionBase.saneLimits(h.maxFrameBytes, h.streamWindow)) {
      this.protocolError(
        new RpcError(
          RpcCode.InvalidArgument,
          "client hello needs integer limits: maxFrameBytes >= 1024 and streamWindow >= 1",
        ),
        "handshake",
      );
      return;
    }
    const methodIds = hasFeature(h.features, methodIdsFeature);
    this.sendHello({
      protocol: "rpcgen",
      version: protocolVersion,
      codec: codec.name,
      maxFrameBytes: this.limits.maxFrameBytes,
      streamWindow: this.limits.streamWindow,
      features: methodIds ? [methodIdsFeature] : [],
    });
    if (methodIds) this.#methods = new ServerMethodIds();
    // Both sides use the smaller window (SessionBase.streamWindow): a client offering 2^31-1
    // gets this server's, and grants credit by it. The byte budget (maxQueuedBytes) bounds
    // what the messages of that window may hold.
    this.handshakeDone(codec, h.maxFrameBytes as number, h.streamWindow as number);
  }

  protected onCallFrame(frame: unknown[]): void {
    const id = frame[1] as number;
    if (frame[0] === FrameType.Call) {
      this.#onCall(frame, id);
      return;
    }
    const call = this.#calls.get(id);
    // Frames for calls that already ended (a race with the result or a deadline) are dropped.
    if (call === undefined) return;
    switch (frame[0]) {
      case FrameType.Message: {
        if (call.inbound === undefined) break;
        // One or more items (section 4); a bare [2, id] carries one undefined item.
        const end = Math.max(3, frame.length);
        for (let i = 2; i < end && !call.done; i++) this.#onMessage(call, frame[i]);
        return;
      }
      case FrameType.HalfClose:
        if (call.inbound === undefined) break;
        call.inbound.end();
        return;
      case FrameType.Cancel:
        this.#finish(
          call,
          frame[2] === RpcCode.DeadlineExceeded
            ? new RpcError(RpcCode.DeadlineExceeded, "the call exceeded its deadline on the client")
            : new RpcError(RpcCode.Cancelled, "the client cancelled the call"),
          false,
        );
        return;
      case FrameType.Credit:
        if (call.credit === undefined || !isCreditGrant(frame[2])) break;
        call.credit.add(frame[2]);
        return;
    }
    this.protocolError(
      new RpcError(
        RpcCode.InvalidArgument,
        `unexpected frame type ${String(frame[0])} for call ${id}`,
      ),
      "frame",
    );
  }

  #onCall(frame: unknown[], id: number): void {
    const target = frame[2];
    const metadata = frame[3];
    const timeoutMs = frame[4];
    if (
      !Number.isSafeInteger(id) ||
      !(id > this.#lastCallId) ||
      (typeof target !== "string" && this.#methods === undefined) ||
      typeof timeoutMs !== "number" ||
      !Number.isFinite(timeoutMs) ||
      timeoutMs < 0 ||
      (metadata !== null && (typeof metadata !== "object" || Array.isArray(metadata)))
    ) {
      this.protocolError(
        new RpcError(RpcCode.InvalidArgument, `malformed call frame or reused call id ${id}`),
        "frame",
      );
      return;
    }
    const method = typeof target === "string" ? target : this.#methods!.resolve(target, id);
    if (method instanceof RpcError) {
      this.protocolError(method, "frame");
      return;
    }
    this.#lastCallId = id;
    if (this.#draining) {
      this.#refuse(
        id,
        RpcCode.Unavailable,
        "the server is shutting down (goaway); retry elsewhere",
      );
      return;
    }
    if (this.#calls.size >= this.limits.maxConcurrentCalls) {
      this.#refuse(
        id,
        RpcCode.ResourceExhausted,
        `too many calls on this connection: limit maxConcurrentCalls = ${this.limits.maxConcurrentCalls}`,
      );
      return;
    }
    const route =
      typeof method === "string" ? findRoute(this.#core, method) : this.#routeOf(method);
    if (route instanceof RpcError) {
      this.#refuse(id, route.code, route.message);
      return;
    }
    const call = new ServerCall(
      id,
      route,
      metadata as Metadata | null,
      timeoutMs,
      this.peer,
      this.channel.peerCertificate,
    );
    this.#calls.set(id, call);
    // Beyond the timer range (~24.8 days) a deadline cannot fire in this process's life anyway.
    if (timeoutMs > 0 && timeoutMs <= maxTimerMs) {
      call.timer = setTimeout(() => this.#finish(call, deadlineError(timeoutMs), true), timeoutMs);
    }
    const kind = route.method.kind;
    // Credit exists from the start: a CREDIT may arrive while interceptors still run.
    if (kind === "server_stream" || kind === "bidi")
      call.credit = new SendCredit(this.streamWindow);
    if (kind === "client_stream" || kind === "bidi") {
      call.inbound = new InboundStream<unknown>(
        {
          grant: (n) => {
            if (!call.done) this.sendControl([FrameType.Credit, id, n]);
          },
          abandon: () => {},
        },
        this.streamWindow,
      );
    }
    void runCall(this.#core, call, frame[5], this.#output);
  }

  /** The route of a method id, looked up once (an unknown path again each time). */
  #routeOf(entry: MethodEntry<Route>): Route | RpcError {
    if (entry.found !== undefined) return entry.found;
    const route = findRoute(this.#core, entry.path);
    if (!(route instanceof RpcError)) entry.found = route;
    return route;
  }

  #onMessage(call: ServerCall, payload: unknown): void {
    const inbound = call.inbound!;
    if (inbound.buffered >= this.streamWindow) {
      this.#finish(
        call,
        new RpcError(
          RpcCode.ResourceExhausted,
          `client sent past its credit: limit streamWindow = ${this.streamWindow}`,
        ),
        true,
      );
      return;
    }
    const decode = call.route.method.decodeRequest;
    if (decode === undefined) {
      inbound.push(payload);
      return;
    }
    let message: unknown;
    try {
      message = decode(payload);
    } catch (error) {
      this.#finish(call, RpcError.from(error, RpcCode.InvalidArgument), true);
      return;
    }
    inbound.push(message);
  }

  /** How a call's response leaves this session: frames, gated by the client's credit. */
  readonly #output: CallOutput = {
    take: (call) => !this.#congested() && call.credit!.tryTake(),
    // While the socket is backed up, the stream waits for it to drain, or for its call to end
    // (a cancel releases the credit wait).
    room: (call) =>
      this.#congested()
        ? Promise.race([this.channel.drained!(), call.credit!.ready()])
        : call.credit!.ready(),
    message: (call, item) => {
      this.#sendHeadersOnce(call);
      this.#sendOrThrow(call, this.encode([FrameType.Message, call.id, item]));
    },
    messages: (call, items) => {
      this.#sendHeadersOnce(call);
      const bytes = this.encode([FrameType.Message, call.id, ...items]);
      if (!(bytes instanceof RpcError) || bytes.code !== RpcCode.ResourceExhausted) {
        this.#sendOrThrow(call, bytes);
        return;
      }
      // Too large together for the client's maxFrameBytes: one frame each, each checked alone.
      for (const item of items) {
        this.#sendOrThrow(call, this.encode([FrameType.Message, call.id, item]));
      }
    },
    result: (call, value) => {
      const bytes = this.encode([
        FrameType.Result,
        call.id,
        value,
        call.takeHeaders(),
        call.takeTrailers(),
      ]);
      this.#sendOrThrow(call, bytes, true);
      this.#finish(call, undefined, false);
    },
    end: (call, error) => this.#finish(call, error, true),
  };

  /** Response headers go once, before a streaming call's first message (if any were set). */
  #sendHeadersOnce(call: ServerCall): void {
    if (call.headersSent) return;
    const headers = call.takeHeaders();
    if (headers !== null) {
      this.#sendOrThrow(call, this.encode([FrameType.Headers, call.id, headers]));
    }
  }

  /**
   * Sends encoded bytes, or throws the encoding failure for the call's error path; an
   * unencodable value is the handler's bug and is logged like a throw.
   */
  #sendOrThrow(call: ServerCall, bytes: Uint8Array | RpcError, urgent = false): void {
    if (bytes instanceof RpcError) {
      if (bytes.code === RpcCode.Internal) this.#core.reportError(bytes.cause, call);
      throw bytes;
    }
    this.channel.send(bytes, urgent);
    this.#checkQueue();
  }

  /** True while more than the stream pause mark is queued for writing. */
  #congested(): boolean {
    const queued = this.channel.queuedBytes;
    return queued !== undefined && queued >= this.#pauseBytes;
  }

  /**
   * Replies that cannot wait (results, statuses) still queue up when the client stops reading;
   * past `maxQueuedBytes` the connection is closed rather than left to grow.
   */
  #checkQueue(): void {
    const queued = this.channel.queuedBytes;
    if (queued === undefined || queued <= this.limits.maxQueuedBytes || this.closed) return;
    const error = new RpcError(
      RpcCode.ResourceExhausted,
      `${queued} bytes queued for a client that is not reading exceed the limit maxQueuedBytes = ${this.limits.maxQueuedBytes}`,
    );
    this.#local = true;
    this.sendControl([FrameType.GoAway, 0, error.toJSON()]);
    this.fail(error);
  }

  /**
   * Ends the call on the wire. Headers not yet sent travel with the status (a call that fails
   * before its first message still delivers them). If the status with details, trailers and
   * headers cannot be encoded or exceeds the client's frame limit, a bare one is sent instead,
   * so the client always learns how its call ended.
   */
  #sendStatus(call: ServerCall, error: RpcError | undefined): void {
    const wire = error?.toJSON() ?? null;
    const full = this.encode([
      FrameType.Status,
      call.id,
      wire,
      call.takeTrailers(),
      call.takeHeaders(),
    ]);
    if (!(full instanceof RpcError)) {
      this.channel.send(full, true);
      this.#checkQueue();
      return;
    }
    this.#core.reportError(full.cause ?? full, call);
    const bare =
      wire === null
        ? { code: RpcCode.Internal, message: "the call's trailers could not be sent" }
        : { code: wire.code, message: wire.message };
    const fallback = this.encode([FrameType.Status, call.id, bare, null, null]);
    this.channel.send(
      fallback instanceof RpcError
        ? this.codec!.encode([
            FrameType.Status,
            call.id,
            { code: RpcCode.Internal, message: "internal error" },
            null,
            null,
          ])
        : fallback,
      true,
    );
  }

  #refuse(id: number, code: RpcCode, message: string): void {
    this.sendControl([FrameType.Status, id, { code, message }, null], true);
  }

  /**
   * Ends a call once. With an error the handler's signal is aborted, and when `notify` is set
   * the client is told (not after it cancelled: it no longer listens).
   */
  #finish(call: ServerCall, error: RpcError | undefined, notify: boolean): void {
    if (call.done) return;
    call.done = true;
    if (call.timer !== undefined) clearTimeout(call.timer);
    this.#calls.delete(call.id);
    if (error !== undefined) {
      call.abort(error);
      call.inbound?.fail(error);
    }
    call.credit?.release();
    if (notify && !this.closed) this.#sendStatus(call, error);
    if (this.#draining && this.#calls.size === 0) this.#closeDrained();
  }

  override onClose(error?: RpcError): void {
    // A channel that gives up on a peer over a byte budget of its own (WebSocket's
    // maxBufferedBytes) says resource_exhausted: the server's decision, as maxQueuedBytes is.
    if (error?.code === RpcCode.ResourceExhausted) this.#local = true;
    super.onClose(error);
  }

  protected onGoAway(error: RpcError | undefined): void {
    if (error !== undefined)
      this.fail(new RpcError(RpcCode.Unavailable, `client closed: ${error.message}`));
  }

  protected failAll(error: RpcError): void {
    // Handlers of a client that went away (it died, the connection broke, it sent garbage)
    // see `cancelled`, as if it had cancelled each call; a shutdown of our own keeps its reason.
    // The teardown reports every close as `unavailable`; our own reason is kept as its cause.
    const reason = this.#local
      ? error.cause instanceof RpcError
        ? error.cause
        : error
      : new RpcError(RpcCode.Cancelled, `the client went away: ${error.message}`, {
          cause: error,
        });
    for (const call of [...this.#calls.values()]) this.#finish(call, reason, false);
    this.#core.sessionClosed(this);
    const drained = this.#onDrained;
    this.#onDrained = undefined;
    drained?.();
  }
}
