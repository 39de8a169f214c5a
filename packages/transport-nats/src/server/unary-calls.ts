import type { NatsConnection } from "@nats-io/transport-node";
import {
  type CallResponder,
  type Codec,
  defaultLimits,
  FrameType,
  frameHeaderBytes,
  jsonCodec,
  type Metadata,
  msgpackCodec,
  type RequestCall,
  RpcCode,
  RpcError,
  type Server,
} from "@rpcgen/runtime";
import {
  defaultHeartbeatMs,
  Header,
  headersMetadata,
  type IncomingMsg,
  maxPayloadOf,
} from "../wire.js";
import type { MethodStats } from "./method-stats.js";

/** Fewest ms between heartbeats a caller may ask for. */
const minHeartbeatMs = 20;

/**
 * One unary call this replica is working on, and where its answer goes. A class rather than
 * closures: a call costs one object.
 */
class OpenCall implements CallResponder {
  readonly calls: UnaryCalls;
  readonly reply: string;
  readonly codec: Codec;
  readonly maxFrameBytes: number;
  readonly heartbeatMs: number;
  readonly stats: MethodStats;
  readonly started: number;
  lastSent: number;
  call: RequestCall | undefined = undefined;

  constructor(
    calls: UnaryCalls,
    reply: string,
    codec: Codec,
    limits: { readonly maxFrameBytes: number; readonly heartbeatMs: number },
    stats: MethodStats,
  ) {
    this.calls = calls;
    this.reply = reply;
    this.codec = codec;
    this.maxFrameBytes = limits.maxFrameBytes;
    this.heartbeatMs = limits.heartbeatMs;
    this.stats = stats;
    this.started = stats.begin();
    this.lastSent = this.started;
  }

  writable(): boolean {
    return true;
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  message(): void {
    throw new RpcError(RpcCode.Internal, "a unary call has no response stream");
  }

  result(value: unknown, headers: Metadata | null, trailers: Metadata | null): void {
    this.calls.send(this, [FrameType.Result, 0, value, headers, trailers]);
    this.calls.finish(this, undefined);
  }

  end(error: RpcError | undefined, trailers: Metadata | null, headers: Metadata | null): void {
    this.calls.send(this, [FrameType.Status, 0, error?.toJSON() ?? null, trailers, headers]);
    this.calls.finish(this, error);
  }
}

/**
 * The unary calls of one replica: each NATS request becomes one call of the server's
 * request-shaped entry ({@link Server.openCall}: admission, deadline, validation, handler),
 * answered with one RESULT or STATUS frame on the request's reply subject. While a call runs,
 * a PING frame goes to its caller every `rpc-heartbeat` ms so the caller can tell a busy replica
 * from a dead one.
 */
export class UnaryCalls {
  readonly #server: Server;
  readonly #nc: NatsConnection;
  readonly #open = new Map<string, OpenCall>();
  readonly #codecs = { msgpack: msgpackCodec(), json: jsonCodec() };
  readonly #pings = new Map<Codec, Uint8Array>();
  readonly #refusals = new Map<string, string>();
  /** Replies waiting for the end of the turn: subject, bytes, subject, bytes, ... */
  #pending: (string | Uint8Array)[] = [];
  #ticker: ReturnType<typeof setInterval> | undefined;
  #tickMs = Number.POSITIVE_INFINITY;
  #onIdle: (() => void) | undefined;

  constructor(server: Server, nc: NatsConnection) {
    this.#server = server;
    this.#nc = nc;
  }

  /** Why a request cannot carry a call of `path`, made once per path. */
  #refusal(path: string): string {
    let text = this.#refusals.get(path);
    if (text === undefined) {
      text = streamNeeded(path);
      this.#refusals.set(path, text);
    }
    return text;
  }

  /** Calls in flight. */
  get size(): number {
    return this.#open.size;
  }

  /** A request on a method subject. */
  handle(path: string, stats: MethodStats, msg: IncomingMsg): void {
    const reply = msg.reply;
    // Without a reply subject nobody waits for an answer: there is nothing to serve.
    if (reply === undefined || reply === "") return;
    const h = msg.headers;
    const codec = h?.get(Header.codec) === "json" ? this.#codecs.json : this.#codecs.msgpack;
    const timeoutMs = wholeNumber(h?.get(Header.timeout)) ?? 0;
    const heartbeatMs = Math.max(
      minHeartbeatMs,
      wholeNumber(h?.get(Header.heartbeat)) ?? defaultHeartbeatMs,
    );
    const maxFrameBytes = wholeNumber(h?.get(Header.maxFrame)) ?? defaultLimits.maxFrameBytes;
    const open = new OpenCall(this, reply, codec, { maxFrameBytes, heartbeatMs }, stats);
    let call: RequestCall;
    try {
      call = this.#server.openCall(
        {
          path,
          metadata: headersMetadata(h),
          timeoutMs,
          peer: `nats:${reply}`,
          streamingInputUnsupported: this.#refusal(path),
        },
        open,
      );
    } catch (error) {
      open.end(RpcError.from(error), null, null);
      return;
    }
    open.call = call;
    this.#open.set(reply, open);
    this.#schedule(heartbeatMs);
    if (call.kind !== "unary") {
      call.fail(
        new RpcError(
          RpcCode.Unimplemented,
          `${path} is a server stream: open it as a stream (header ${Header.stream}), not as a single NATS request`,
        ),
      );
      return;
    }
    const limit = this.#server.limits.maxFrameBytes;
    if (msg.data.length > limit) {
      call.fail(
        new RpcError(
          RpcCode.ResourceExhausted,
          `request of ${msg.data.length} bytes exceeds the limit maxFrameBytes = ${limit}`,
        ),
      );
      return;
    }
    let payload: unknown;
    try {
      payload = codec.decode(msg.data);
    } catch (error) {
      call.fail(RpcError.from(error, RpcCode.InvalidArgument));
      return;
    }
    call.start(payload);
  }

  /** The caller gave up on the call answered at `reply` (cancelled, or its deadline passed). */
  cancel(reply: string, reason: string): void {
    const open = this.#open.get(reply);
    if (open === undefined) return;
    const code = reason === RpcCode.DeadlineExceeded ? RpcCode.DeadlineExceeded : RpcCode.Cancelled;
    const error = new RpcError(code, `the caller ended the call (${code})`);
    this.finish(open, error);
    open.call?.cancel(error);
  }

  /** Resolves once no call is in flight. */
  idle(): Promise<void> {
    if (this.#open.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onIdle = resolve;
    });
  }

  /** Ends every call in flight with `error`, telling each caller. */
  abortAll(error: RpcError): void {
    for (const open of [...this.#open.values()]) open.call?.fail(error);
  }

  /** Stops the heartbeat ticker; for the replica's close. */
  stop(): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
    this.#tickMs = Number.POSITIVE_INFINITY;
  }

  /**
   * Encodes and publishes one reply frame with its length prefix, cut into several messages
   * when it exceeds the NATS server's `max_payload`. Throws `resource_exhausted` when the frame
   * is larger than the caller accepts: the call then ends with that error instead.
   */
  send(open: OpenCall, frame: unknown[]): void {
    const body = open.codec.encode(frame);
    if (body.length > open.maxFrameBytes) {
      throw new RpcError(
        RpcCode.ResourceExhausted,
        `message of ${body.length} bytes exceeds the peer's limit maxFrameBytes = ${open.maxFrameBytes}`,
      );
    }
    const bytes = withPrefix(body);
    const max = maxPayloadOf(this.#nc.info);
    if (bytes.length <= max) this.#queue(open.reply, bytes);
    else {
      for (let offset = 0; offset < bytes.length; offset += max) {
        this.#queue(open.reply, bytes.subarray(offset, offset + max));
      }
    }
  }

  /**
   * Replies wait for the end of the loop turn, then go to the client library together. It
   * writes what it was given before its own flush (a microtask) as one socket write; replies
   * finishing in separate microtasks, as async handlers do, would otherwise cost a write each.
   */
  #queue(subject: string, bytes: Uint8Array): void {
    this.#pending.push(subject, bytes);
    if (this.#pending.length === 2) setImmediate(this.flush);
  }

  /** Hands the replies waiting for the end of the turn to the client library now. */
  readonly flush = (): void => {
    const pending = this.#pending;
    this.#pending = [];
    try {
      for (let i = 0; i < pending.length; i += 2) {
        this.#nc.publish(pending[i] as string, pending[i + 1] as Uint8Array);
      }
    } catch {
      // The connection is closing: the caller learns from its own side that this replica left.
    }
  };

  /** Forgets a call that ended, counting it in its method's stats. */
  finish(open: OpenCall, error: RpcError | undefined): void {
    if (this.#open.get(open.reply) !== open) {
      if (open.call === undefined) open.stats.end(open.started, error?.message);
      return;
    }
    this.#open.delete(open.reply);
    open.stats.end(open.started, error?.message);
    if (this.#open.size === 0) {
      const idle = this.#onIdle;
      this.#onIdle = undefined;
      idle?.();
    }
  }

  /**
   * Ticks at half the shortest heartbeat asked for. The ticker stays (unref'd) once made: a
   * timer made and cleared per call would cost more than ticks that find nothing to do.
   */
  #schedule(heartbeatMs: number): void {
    const tick = heartbeatMs / 2;
    if (tick >= this.#tickMs) return;
    clearInterval(this.#ticker);
    this.#tickMs = tick;
    this.#ticker = setInterval(() => this.#heartbeat(), tick);
    this.#ticker.unref?.();
  }

  #heartbeat(): void {
    const t = performance.now();
    for (const open of this.#open.values()) {
      if (t - open.lastSent < open.heartbeatMs) continue;
      open.lastSent = t;
      let ping = this.#pings.get(open.codec);
      if (ping === undefined) {
        ping = withPrefix(open.codec.encode([FrameType.Ping, 0, 0]));
        this.#pings.set(open.codec, ping);
      }
      try {
        this.#nc.publish(open.reply, ping);
      } catch {
        return;
      }
    }
  }
}

/** Why a request cannot carry a call of `path`; the same text for every refusal. */
function streamNeeded(path: string): string {
  return `${path} takes a stream: open it as a stream (header ${Header.stream}), not as a single NATS request`;
}

function withPrefix(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(frameHeaderBytes + body.length);
  const n = body.length;
  out[0] = n >>> 24;
  out[1] = (n >>> 16) & 0xff;
  out[2] = (n >>> 8) & 0xff;
  out[3] = n & 0xff;
  out.set(body, frameHeaderBytes);
  return out;
}

function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || text === "") return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
