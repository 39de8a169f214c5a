import { headers as natsHeaders } from "@nats-io/transport-node";
import {
  type CallSpec,
  type ClientSession,
  type ClientTransport,
  type Codec,
  createClientSession,
  defaultLimits,
  jsonCodec,
  msgpackCodec,
  RpcCode,
  RpcError,
  type SessionLimits,
} from "@rpcgen/runtime";
import { NatsLink } from "../link.js";
import { NatsChannel } from "../nats-channel.js";
import { resolveTarget } from "../target.js";
import {
  cancelSubject,
  checkSubjectToken,
  defaultHeartbeatMs,
  defaultSubjectPrefix,
  Header,
  maxPayloadOf,
  metadataHeaders,
  methodSubject,
  serviceApiName,
} from "../wire.js";
import { endingWith } from "./ending-with.js";
import type { NatsTransportOptions } from "./options.js";
import { UnaryCall } from "./unary-call.js";

/** Room left in a request message for its headers; a larger request goes as a stream. */
const headerRoom = 8 * 1024;

/** A {@link ClientTransport} over NATS. */
export interface NatsTransport extends ClientTransport {
  /** The NATS servers, e.g. `nats://127.0.0.1:4222`. */
  readonly url: string;
  /** Connects now; rejects with `unavailable` naming the servers when NATS cannot be reached. */
  connect(): Promise<void>;
}

/**
 * Creates a client transport that reaches rpcgen services through NATS, wherever and however
 * many their replicas are ({@link serveNats} on the other side): `natsTransport("nats://host:4222")`
 * or `natsTransport({ servers: ["nats://a:4222", "nats://b:4222"] })`. A path in the URL is the
 * subject prefix (`nats://host:4222/orders`), as a replica's {@link NatsServer.url} prints it.
 *
 * Unary calls are NATS requests to `rpcgen.<Service>.<method>`, which NATS hands to one
 * replica of the queue group; streams, client streams included, open a session of the stream
 * protocol with one replica over two per-call subjects, with its credit-based flow control.
 * Deadlines and cancellation reach the replica; metadata travels as NATS headers. When no
 * replica serves a method the call fails `unavailable` at once (NATS no-responders); when the
 * replica working on a call dies, the call fails `unavailable` once it has been silent for
 * twice `heartbeatMs`; while NATS is unreachable calls fail `unavailable` at once, and the
 * connection comes back by itself.
 *
 * The connection is made on the first call or {@link NatsTransport.connect}. Throws a
 * `RangeError` for a malformed URL or unusable option.
 */
export function natsTransport(
  target: string | URL | NatsTransportOptions,
  options: NatsTransportOptions = {},
): NatsTransport {
  const given = typeof target === "string" || target instanceof URL;
  const opts = given ? options : target;
  const resolved =
    opts.connection !== undefined && !given && opts.servers === undefined
      ? { servers: [], subjectPrefix: undefined }
      : resolveTarget(given ? target : undefined, opts.servers);
  const prefix = opts.subjectPrefix ?? resolved.subjectPrefix ?? defaultSubjectPrefix;
  return new NatsClientTransport(resolved.servers, prefix, opts);
}

class NatsClientTransport implements NatsTransport {
  readonly #link: NatsLink;
  readonly #prefix: string;
  readonly #codec: Codec;
  readonly #heartbeatMs: number;
  readonly #maxFrameBytes: number;
  readonly #streamLimits: Partial<SessionLimits>;
  readonly #options: NatsTransportOptions;
  readonly #calls = new Set<UnaryCall>();
  readonly #channels = new Set<NatsChannel>();
  #watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(servers: string[], prefix: string, options: NatsTransportOptions) {
    const heartbeatMs = options.heartbeatMs ?? defaultHeartbeatMs;
    if (!(Number.isFinite(heartbeatMs) && heartbeatMs >= 10)) {
      throw new RangeError(`heartbeatMs must be a number of at least 10, got ${heartbeatMs}`);
    }
    checkSubjectToken("subjectPrefix", prefix, true);
    this.#options = options;
    this.#prefix = prefix;
    this.#heartbeatMs = heartbeatMs;
    this.#codec = options.codec === "json" ? jsonCodec() : msgpackCodec();
    this.#maxFrameBytes = options.limits?.maxFrameBytes ?? defaultLimits.maxFrameBytes;
    this.#streamLimits = {
      keepaliveIntervalMs: heartbeatMs,
      keepaliveTimeoutMs: heartbeatMs,
      handshakeTimeoutMs: 2 * heartbeatMs,
      ...options.limits,
    };
    this.#link = new NatsLink(
      {
        servers,
        name: options.name ?? "rpcgen client",
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
        connection: options.connection,
      },
      (error) => this.#lost(error),
    );
  }

  get url(): string {
    return this.#link.url;
  }

  async connect(): Promise<void> {
    await this.#link.open();
  }

  unary(spec: CallSpec, input: unknown): Promise<unknown> {
    if (this.#link.nc === undefined) {
      return this.#link.open().then(() => this.unary(spec, input));
    }
    if (spec.kind !== "unary") return this.#sessionUnary(spec, input);
    return new Promise((resolve, reject) => this.#startUnary(spec, input, resolve, reject));
  }

  stream(spec: CallSpec, input: unknown): AsyncIterable<unknown> {
    if (this.#link.nc !== undefined) return this.#sessionStream(spec, input);
    const later = async function* (
      open: () => Promise<unknown>,
      start: () => AsyncIterable<unknown>,
    ) {
      await open();
      yield* start();
    };
    return later(
      () => this.#link.open(),
      () => this.#sessionStream(spec, input),
    );
  }

  async close(): Promise<void> {
    this.#lost(new RpcError(RpcCode.Unavailable, "the client closed the NATS transport"));
    await this.#link.close();
  }

  #startUnary(
    spec: CallSpec,
    input: unknown,
    resolve: (value: unknown) => void,
    reject: (error: RpcError) => void,
  ): void {
    const nc = this.#link.nc!;
    if (spec.signal?.aborted) {
      reject(new RpcError(RpcCode.Cancelled, "the call was cancelled before it started"));
      return;
    }
    let timeoutMs = 0;
    if (spec.deadline !== undefined) {
      timeoutMs = Math.ceil(spec.deadline - performance.now());
      if (!Number.isFinite(timeoutMs)) timeoutMs = 0;
      else if (timeoutMs <= 0) {
        reject(deadlineError());
        return;
      }
    }
    let bytes: Uint8Array;
    let headers: ReturnType<typeof natsHeaders> | undefined;
    try {
      bytes = this.#codec.encode(input);
      headers = metadataHeaders(spec.metadata ?? undefined);
    } catch (error) {
      reject(
        error instanceof RpcError
          ? error
          : new RpcError(RpcCode.InvalidArgument, `request cannot be encoded: ${message(error)}`),
      );
      return;
    }
    if (bytes.length > maxPayloadOf(nc.info) - headerRoom) {
      // Too large for one NATS message: a session cuts it into several.
      this.#sessionUnary(spec, input).then(resolve, reject);
      return;
    }
    // Only what differs from the defaults travels: most calls then carry no headers at all.
    const own: [string, string][] = [];
    if (timeoutMs > 0) own.push([Header.timeout, String(timeoutMs)]);
    if (this.#codec.name !== "msgpack") own.push([Header.codec, "json"]);
    if (this.#maxFrameBytes !== defaultLimits.maxFrameBytes) {
      own.push([Header.maxFrame, String(this.#maxFrameBytes)]);
    }
    if (this.#heartbeatMs !== defaultHeartbeatMs) {
      own.push([Header.heartbeat, String(this.#heartbeatMs)]);
    }
    if (own.length > 0) {
      headers ??= natsHeaders();
      for (const [key, value] of own) headers.set(key, value);
    }
    const subject = methodSubject(this.#prefix, spec.path);
    let call: UnaryCall | undefined;
    const reply = this.#link.subject((msg) => call!.receive(msg.data, msg.headers?.code));
    call = new UnaryCall({
      spec,
      subject,
      codec: this.#codec,
      maxFrameBytes: this.#maxFrameBytes,
      resolve,
      reject,
      onSettled: (c) => {
        this.#link.forget(reply.token);
        this.#calls.delete(c);
      },
      onNoResponders: (c) => this.#noResponders(c),
    });
    try {
      nc.publish(
        subject,
        bytes,
        headers === undefined ? { reply: reply.subject } : { reply: reply.subject, headers },
      );
    } catch (error) {
      call.fail(
        new RpcError(RpcCode.Unavailable, `cannot send to ${subject}: ${message(error)}`, {
          cause: error,
        }),
      );
      return;
    }
    this.#calls.add(call);
    this.#watch();
    const cancel = (error: RpcError): void => {
      if (call.done) return;
      call.fail(error);
      const h = natsHeaders();
      h.set(Header.reason, error.code);
      try {
        nc.publish(cancelSubject(this.#prefix), reply.subject, { headers: h });
      } catch {
        // The connection is gone; so is the call on the replica's side.
      }
    };
    if (timeoutMs > 0 && timeoutMs <= 2_147_483_647) {
      call.timer = setTimeout(() => cancel(deadlineError()), timeoutMs);
    }
    if (spec.signal !== undefined) {
      call.onAbort = () =>
        cancel(new RpcError(RpcCode.Cancelled, "the call was cancelled by the client"));
      spec.signal.addEventListener("abort", call.onAbort, { once: true });
    }
  }

  /** A session of the stream protocol with one replica, for one call. */
  #openSession(spec: CallSpec): ClientSession {
    const nc = this.#link.nc!;
    const subject = methodSubject(this.#prefix, spec.path);
    let channel: NatsChannel | undefined;
    const self = this.#link.subject((msg) => channel!.deliver(msg));
    const first = natsHeaders();
    first.set(Header.stream, "1");
    channel = new NatsChannel({
      nc,
      peer: `nats:${subject}`,
      self: self.subject,
      target: subject,
      firstHeaders: first,
      maxPayload: maxPayloadOf(nc.info),
      learnTarget: true,
      onDone: () => {
        this.#link.forget(self.token);
        this.#channels.delete(channel!);
      },
    });
    this.#channels.add(channel);
    return createClientSession(channel, {
      ...(this.#options.codec === undefined ? {} : { codec: this.#options.codec }),
      limits: this.#streamLimits,
    });
  }

  #sessionUnary(spec: CallSpec, input: unknown): Promise<unknown> {
    const session = this.#openSession(spec);
    const done = () => void session.close();
    return session.unary(spec, input).finally(done);
  }

  #sessionStream(spec: CallSpec, input: unknown): AsyncIterable<unknown> {
    const session = this.#openSession(spec);
    return endingWith(session.stream(spec, input), () => void session.close());
  }

  /**
   * No replica listens on the call's subject. That is `unavailable` (none is running, retry
   * later), unless running replicas of the service, asked through the NATS service API, do not
   * list the method: then it is `unimplemented`, as on every other transport.
   */
  #noResponders(call: UnaryCall): void {
    // Heard from: the heartbeat check must not fail it while the service API is asked.
    call.lastHeard = performance.now();
    const gone = new RpcError(
      RpcCode.Unavailable,
      `no replica serves ${call.subject} (NATS no responders)`,
    );
    const nc = this.#link.nc;
    const path = call.spec.path;
    const service = path.slice(0, path.indexOf("/"));
    if (nc === undefined) {
      call.fail(gone);
      return;
    }
    const ours = `${this.#prefix}.${service}.`;
    void (async () => {
      let known = false;
      try {
        const answers = await nc.requestMany(`$SRV.INFO.${serviceApiName(service)}`, "", {
          strategy: "stall",
          stall: 50,
          maxWait: this.#heartbeatMs,
        });
        for await (const answer of answers) {
          if (answer.headers?.code === 503) break;
          const info = answer.json<{ endpoints?: { subject?: unknown }[] }>();
          const subjects = (info.endpoints ?? []).map((e) => e.subject);
          if (subjects.includes(call.subject)) {
            known = false;
            break;
          }
          if (subjects.some((s) => typeof s === "string" && s.startsWith(ours))) known = true;
        }
      } catch {
        // The service API did not answer: nothing is known about the method.
      }
      call.fail(known ? new RpcError(RpcCode.Unimplemented, `unknown method ${path}`) : gone);
    })();
  }

  /** Runs the heartbeat check while unary calls are in flight. */
  #watch(): void {
    if (this.#watchdog !== undefined) return;
    this.#watchdog = setInterval(() => this.#check(), this.#heartbeatMs / 2);
    this.#watchdog.unref?.();
  }

  #check(): void {
    if (this.#calls.size === 0) {
      clearInterval(this.#watchdog);
      this.#watchdog = undefined;
      return;
    }
    const limit = 2 * this.#heartbeatMs;
    const t = performance.now();
    const silent = [...this.#calls].filter((c) => t - c.lastHeard > limit);
    if (silent.length === 0) return;
    // Timers run before the loop polls for input: replies may be waiting in the socket. They
    // are read before setImmediate callbacks run, so only calls still silent then fail.
    setImmediate(() => {
      const now = performance.now();
      for (const call of silent) {
        if (now - call.lastHeard <= limit) continue;
        call.fail(
          new RpcError(
            RpcCode.Unavailable,
            `the replica serving ${call.subject} went silent: no reply or heartbeat within 2 × heartbeatMs = ${limit} ms`,
          ),
        );
      }
    });
  }

  #lost(error: RpcError): void {
    for (const call of [...this.#calls]) call.fail(error);
    for (const channel of [...this.#channels]) channel.lost(error);
  }
}

function deadlineError(): RpcError {
  return new RpcError(RpcCode.DeadlineExceeded, "deadline exceeded");
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
