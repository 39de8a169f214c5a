import type { FrameChannel } from "../channel/frame-channel.js";
import { type CodecName, codecNames } from "../codec/registry.js";
import type { NoDeclaredErrors, ServiceDescriptor } from "../descriptor.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { resolveLimits, type SessionLimits } from "../limits.js";
import type { CallContext, HandlersOf, ServerInterceptor } from "./handlers.js";
import {
  type CallRequest,
  type CallResponder,
  type RequestCall,
  RequestCalls,
} from "./request-calls.js";
import type { Route } from "./route.js";
import { type ServerCore, ServerSession } from "./server-session.js";

/** Options for {@link createServer}. */
export interface ServerOptions {
  /** Limits applied to every connection; unset ones take their defaults. */
  readonly limits?: Partial<SessionLimits>;
  /** Run around every handler, first one outermost. */
  readonly interceptors?: readonly ServerInterceptor[];
  /** Codecs clients may choose. Default: msgpack and JSON. */
  readonly codecs?: readonly CodecName[];
  /**
   * Receives errors thrown by handlers that are not `RpcError`s, and, as an `internal`
   * `RpcError` naming the method, the type and the field, declared errors that fail the
   * server's check (a type the method does not declare, another code, invalid details). The
   * client sees only `internal`. Default: `console.error`.
   */
  readonly onHandlerError?: (error: unknown, ctx: CallContext) => void;
  /**
   * Connections served at once, over all transports. One more is answered at the handshake
   * with `resource_exhausted` "too many connections: limit maxConnections = N" and closed.
   * Default 10 000.
   */
  readonly maxConnections?: number;
}

/** A set of services, ready to be served over any number of connections and transports. */
export interface Server {
  /**
   * Registers a service implementation. Throws if the service is already registered. `E`, the
   * service's declared errors, types each handler's `ctx.error`.
   */
  add<S, E = NoDeclaredErrors>(
    service: ServiceDescriptor<S, E>,
    implementation: HandlersOf<S, E>,
  ): this;
  /**
   * The services added so far, by name, in the order they were added: for transports that
   * announce them, such as NATS's service discovery.
   */
  readonly services: ReadonlyMap<string, ServiceDescriptor>;
  /** Serves one connection; transports call this for each accepted channel. */
  serve(channel: FrameChannel): ServerConnection;
  /**
   * The entry for request-shaped transports (HTTP), which have no frame channel: admits one
   * call, counted with the server's other request-shaped calls against `maxConcurrentCalls`,
   * and arms its deadline. The transport then reads and decodes the body and hands the
   * message to {@link RequestCall.start}; the call runs through the same routing, validation,
   * interceptors, handlers and error mapping as a call on a session, and its response goes
   * to `responder`. Throws an `RpcError` when the call is refused (`unavailable` while
   * closing, `resource_exhausted`, `unimplemented` for an unknown path or a method taking a
   * stream). For transport authors; applications never call it.
   */
  openCall(request: CallRequest, responder: CallResponder): RequestCall;
  /**
   * Graceful shutdown: every connection gets a goaway, request-shaped calls are refused,
   * calls in flight finish (or fail with `unavailable` once `graceMs` passes), then
   * connections close.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
  /** Connections currently open. */
  readonly connections: number;
  /** The limits connections run with. */
  readonly limits: SessionLimits;
}

/** One connection being served. */
export interface ServerConnection {
  readonly peer: string;
  readonly activeCalls: number;
  /** Goaway, let calls finish, close. */
  drain(): Promise<void>;
  /** Closes at once; calls in flight fail with `unavailable`. */
  abort(): void;
}

/** Creates a server. Add services with {@link Server.add}, then hand it to a transport. */
export function createServer(options: ServerOptions = {}): Server {
  return new ServerImpl(options);
}

class ServerImpl implements Server, ServerCore {
  readonly routes = new Map<string, Route>();
  readonly services = new Map<string, ServiceDescriptor>();
  readonly interceptors: readonly ServerInterceptor[];
  readonly limits: SessionLimits;
  readonly codecs: readonly string[];
  readonly #sessions = new Set<ServerSession>();
  readonly #requestCalls = new RequestCalls(this);
  readonly #onHandlerError: (error: unknown, ctx: CallContext) => void;
  readonly #maxConnections: number;

  constructor(options: ServerOptions) {
    this.#maxConnections = options.maxConnections ?? defaultMaxConnections;
    this.interceptors = options.interceptors ?? [];
    this.limits = resolveLimits(options.limits);
    this.codecs = options.codecs ?? codecNames;
    this.#onHandlerError =
      options.onHandlerError ??
      ((error, ctx) => console.error(`rpcgen: handler ${ctx.service}/${ctx.method} threw`, error));
  }

  get connections(): number {
    return this.#sessions.size;
  }

  add<S, E>(service: ServiceDescriptor<S, E>, implementation: HandlersOf<S, E>): this {
    if (this.services.has(service.name)) {
      throw new Error(`service ${service.name} is already registered`);
    }
    const impl = implementation as unknown as Record<string, unknown>;
    for (const [key, method] of Object.entries(service.methods)) {
      const fn = impl[key];
      if (typeof fn !== "function") {
        throw new Error(`implementation of ${service.name} lacks method ${key}`);
      }
      this.routes.set(`${service.name}/${method.name}`, {
        service: service.name,
        method,
        handler: adaptHandler(fn as (...args: unknown[]) => unknown, implementation, method.params),
      });
    }
    this.services.set(service.name, service as ServiceDescriptor);
    return this;
  }

  serve(channel: FrameChannel): ServerConnection {
    const full = this.#sessions.size >= this.#maxConnections;
    const session = new ServerSession(
      channel,
      this,
      full
        ? new RpcError(
            RpcCode.ResourceExhausted,
            `too many connections: limit maxConnections = ${this.#maxConnections}`,
          )
        : undefined,
    );
    if (!session.closed && !full) this.#sessions.add(session);
    return {
      get peer() {
        return session.peer;
      },
      get activeCalls() {
        return session.activeCalls;
      },
      drain: () => session.drain(),
      abort: () => session.shutdown(shutdownError()),
    };
  }

  openCall(request: CallRequest, responder: CallResponder): RequestCall {
    return this.#requestCalls.open(request, responder);
  }

  async close(options: { readonly graceMs?: number } = {}): Promise<void> {
    const sessions = [...this.#sessions];
    const drained = Promise.all([...sessions.map((s) => s.drain()), this.#requestCalls.drain()]);
    const graceMs = options.graceMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([drained, expired]);
    clearTimeout(timer);
    for (const session of sessions) session.shutdown(shutdownError());
    this.#requestCalls.abortAll(shutdownError());
  }

  reportError(error: unknown, ctx: CallContext): void {
    this.#onHandlerError(error, ctx);
  }

  sessionClosed(session: ServerSession): void {
    this.#sessions.delete(session);
  }
}

/** Default of {@link ServerOptions.maxConnections}. */
const defaultMaxConnections = 10_000;

function shutdownError(): RpcError {
  return new RpcError(RpcCode.Unavailable, "the server shut down while the call was in flight");
}

/** Binds a handler to its implementation object and spreads a parameter object if needed. */
function adaptHandler(
  fn: (...args: unknown[]) => unknown,
  self: unknown,
  params: readonly string[] | undefined,
): Route["handler"] {
  if (params === undefined || params.length === 1) return (input, ctx) => fn.call(self, input, ctx);
  return (input, ctx) => {
    const fields = input as Record<string, unknown>;
    const args: unknown[] = params.map((name) => fields[name]);
    args.push(ctx);
    return fn.apply(self, args);
  };
}
