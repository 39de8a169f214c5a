import { type Endpoint, type Service, Svcm } from "@nats-io/services";
import { type NatsConnection, headers as natsHeaders } from "@nats-io/transport-node";
import { RpcCode, RpcError, type Server, type ServerConnection } from "@rpcgen/runtime";
import { NatsLink } from "../link.js";
import { NatsChannel, refusedHeader } from "../nats-channel.js";
import { resolveTarget } from "../target.js";
import {
  cancelSubject,
  checkSubjectToken,
  defaultSubjectPrefix,
  Header,
  type IncomingMsg,
  maxPayloadOf,
  methodSubject,
  serviceApiName,
} from "../wire.js";
import { MethodStats } from "./method-stats.js";
import type { NatsServer, ServeNatsOptions } from "./options.js";
import { type ServedMethod, servedMethods } from "./served-methods.js";
import { UnaryCalls } from "./unary-calls.js";

/** Default {@link ServeNatsOptions.queue}. */
const defaultQueue = "rpcgen";

/**
 * Serves `server` on NATS as one replica: each method's subject
 * (`rpcgen.<Service>.<method>`) is subscribed in a queue group, so any number of replicas in
 * any number of processes and machines share the calls, and each service is registered with
 * the NATS service API, so `$SRV.PING`, `$SRV.INFO` and `$SRV.STATS` (per-method counts and
 * latencies) list the running replicas. Unary calls run as NATS requests; streams as sessions
 * of the stream protocol with the caller, over two per-call subjects (docs/nats.md).
 *
 * Resolves once subscribed; rejects with `unavailable` when NATS cannot be reached, and with a
 * `RangeError` for a service or method name that cannot be part of a subject. Losing NATS fails
 * the calls in flight; the connection comes back by itself and serving resumes.
 */
export async function serveNats(server: Server, options: ServeNatsOptions): Promise<NatsServer> {
  const resolved =
    options.connection !== undefined && options.servers === undefined
      ? { servers: [], subjectPrefix: undefined }
      : resolveTarget(undefined, options.servers);
  const prefix = options.subjectPrefix ?? resolved.subjectPrefix ?? defaultSubjectPrefix;
  checkSubjectToken("subjectPrefix", prefix, true);
  const queue = options.queue ?? defaultQueue;
  checkSubjectToken("queue", queue);
  const methods = servedMethods(server, options.services);
  for (const m of methods) {
    checkSubjectToken("service name", m.service);
    checkSubjectToken("method name", m.method);
  }
  const replica = new Replica(server, methods, prefix, queue, options, resolved.servers);
  await replica.start(options.version ?? "0.0.0");
  return replica;
}

class Replica implements NatsServer {
  readonly subjects: readonly string[];
  instances: { readonly name: string; readonly id: string }[] = [];
  readonly #server: Server;
  readonly #methods: readonly ServedMethod[];
  readonly #prefix: string;
  readonly #queue: string;
  readonly #link: NatsLink;
  readonly #streams = new Map<NatsChannel, ServerConnection>();
  readonly #stats = new Map<string, MethodStats>();
  #services: Service[] = [];
  #unary: UnaryCalls | undefined;
  #closed: Promise<void> | undefined;

  constructor(
    server: Server,
    methods: readonly ServedMethod[],
    prefix: string,
    queue: string,
    options: ServeNatsOptions,
    servers: string[],
  ) {
    this.#server = server;
    this.#methods = methods;
    this.#prefix = prefix;
    this.#queue = queue;
    this.subjects = methods.map((m) => methodSubject(prefix, m.path));
    this.#link = new NatsLink(
      {
        servers,
        name: options.name ?? "rpcgen server",
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
        connection: options.connection,
      },
      (error) => this.#lost(error),
    );
  }

  get url(): string {
    const url = this.#link.url;
    if (this.#prefix === defaultSubjectPrefix) return url;
    return url
      .split(",")
      .map((server) => `${server}/${this.#prefix}`)
      .join(",");
  }

  get activeCalls(): number {
    return (this.#unary?.size ?? 0) + this.#streams.size;
  }

  async start(version: string): Promise<void> {
    const nc = await this.#link.open();
    const unary = new UnaryCalls(this.#server, nc);
    this.#unary = unary;
    nc.subscribe(cancelSubject(this.#prefix), {
      callback: (_error, msg) => unary.cancel(msg.string(), msg.headers?.get(Header.reason) ?? ""),
    });
    const byService = new Map<string, ServedMethod[]>();
    for (const m of this.#methods) {
      const list = byService.get(m.service) ?? [];
      list.push(m);
      byService.set(m.service, list);
    }
    const svcm = new Svcm(nc as unknown as ConstructorParameters<typeof Svcm>[0]);
    for (const [service, methods] of byService) {
      const bySubject = new Map<string, MethodStats>();
      const registered = await svcm.add({
        name: serviceApiName(service),
        version,
        description: `rpcgen service ${service}`,
        metadata: {
          "rpcgen.service": service,
          "rpcgen.prefix": this.#prefix,
          "rpcgen.protocol": "1",
        },
        queue: this.#queue,
        statsHandler: (endpoint: Endpoint) =>
          Promise.resolve(bySubject.get(endpoint.subject)?.report(endpoint) ?? null),
      });
      for (const m of methods) {
        const subject = methodSubject(this.#prefix, m.path);
        const stats = new MethodStats(m.kind);
        bySubject.set(subject, stats);
        this.#stats.set(m.path, stats);
        registered.addEndpoint(serviceApiName(m.method), {
          subject,
          queue: this.#queue,
          metadata: { "rpcgen.path": m.path, "rpcgen.kind": m.kind },
          handler: (_error, msg) => this.#request(m.path, stats, msg, nc),
        });
      }
      this.#services.push(registered);
      this.instances.push({ name: registered.info().name, id: registered.info().id });
    }
    // Subscriptions are in place once the server has seen them: calls may come from here on.
    await nc.flush();
  }

  close(options: { readonly graceMs?: number } = {}): Promise<void> {
    this.#closed ??= this.#close(options.graceMs ?? 10_000);
    return this.#closed;
  }

  #request(path: string, stats: MethodStats, msg: IncomingMsg, nc: NatsConnection): void {
    if (msg.headers?.has(Header.stream)) this.#openStream(stats, msg, nc);
    else this.#unary!.handle(path, stats, msg);
  }

  /** A caller opens a stream: this replica becomes its end of a per-call session. */
  #openStream(stats: MethodStats, msg: IncomingMsg, nc: NatsConnection): void {
    const reply = msg.reply;
    if (reply === undefined || reply === "") return;
    const limit = this.#server.limits.maxConcurrentCalls;
    if (this.activeCalls >= limit) {
      const h = natsHeaders();
      h.set(refusedHeader, `too many calls on this replica: limit maxConcurrentCalls = ${limit}`);
      nc.publish(reply, new Uint8Array(0), { headers: h });
      return;
    }
    const started = stats.begin();
    let channel: NatsChannel | undefined;
    const self = this.#link.subject((m) => channel!.deliver(m));
    channel = new NatsChannel({
      nc,
      peer: `nats:${reply}`,
      self: self.subject,
      target: reply,
      maxPayload: maxPayloadOf(nc.info),
      learnTarget: false,
      onDone: () => {
        this.#link.forget(self.token);
        if (this.#streams.delete(channel!)) {
          stats.end(started, undefined);
          if (this.#streams.size === 0) this.#onIdle?.();
        }
      },
    });
    this.#streams.set(channel, this.#server.serve(channel));
    channel.deliver(msg);
  }

  #onIdle: (() => void) | undefined;

  async #close(graceMs: number): Promise<void> {
    // Leaving the queue groups first: NATS sends new calls to the other replicas, and what is
    // already on its way here is still delivered, and served, before the drain completes.
    await Promise.all(this.#services.map((s) => s.stop()));
    const idle =
      this.#streams.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            this.#onIdle = resolve;
          });
    const unaryIdle = this.#unary?.idle() ?? Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all([idle, unaryIdle]), expired]);
    clearTimeout(timer);
    const error = new RpcError(
      RpcCode.Unavailable,
      "the server shut down while the call was in flight",
    );
    this.#unary?.abortAll(error);
    this.#unary?.stop();
    // Replies of the last calls may still wait for the end of the turn: out they go, before
    // the connection drains.
    this.#unary?.flush();
    for (const connection of [...this.#streams.values()]) connection.abort();
    await this.#link.close();
  }

  #lost(error: RpcError): void {
    this.#unary?.abortAll(error);
    for (const channel of [...this.#streams.keys()]) channel.lost(error);
  }
}
