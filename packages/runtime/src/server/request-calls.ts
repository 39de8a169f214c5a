import type { PeerCertificate } from "../auth/peer-certificate.js";
import type { MethodKind } from "../descriptor.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import type { SessionLimits } from "../limits.js";
import type { Metadata } from "../metadata.js";
import { maxTimerMs } from "../session/session-base.js";
import {
  type CallOutput,
  type CallRunnerCore,
  deadlineError,
  findRoute,
  runCall,
} from "./run-call.js";
import { ServerCall } from "./server-call.js";

/**
 * One call from a request-shaped transport (HTTP), as it hands it to {@link Server.openCall}:
 * the same facts a CALL frame carries on a session, minus the payload, which comes later
 * through {@link RequestCall.start} so that the call is admitted (and counted against
 * `maxConcurrentCalls`) before its body is read.
 */
export interface CallRequest {
  /** `Service/method`, the wire path. */
  readonly path: string;
  /** Request metadata, or null for none. */
  readonly metadata: Metadata | null;
  /** The call's remaining time budget in ms; 0 for no deadline. */
  readonly timeoutMs: number;
  /** The remote end, e.g. `http:127.0.0.1:53122`; becomes the handler's `ctx.peer`. */
  readonly peer: string;
  /** The client's verified certificate with mutual TLS; becomes `ctx.peerCertificate`. */
  readonly peerCertificate?: PeerCertificate | undefined;
  /**
   * Why this transport cannot carry `client_stream` and `bidi` calls. Such calls are refused
   * with `unimplemented` and exactly this message.
   */
  readonly streamingInputUnsupported: string;
}

/**
 * Where a request-shaped call's response goes. The transport implements it over its response
 * object; every method that sends may throw when it cannot (an unencodable value), which ends
 * the call with `internal`.
 */
export interface CallResponder {
  /** False while the consumer is behind; the server then awaits {@link drained}. */
  writable(): boolean;
  /** Resolves when the consumer caught up or the response is gone. */
  drained(): Promise<void>;
  /**
   * One message of a response stream. `headers` is defined for the first message only: the
   * response headers (null when none were set), to send before it.
   */
  message(item: unknown, headers: Metadata | null | undefined): void;
  /** The single response of a unary call, with its headers and trailers. */
  result(value: unknown, headers: Metadata | null, trailers: Metadata | null): void;
  /**
   * The end of the call, sent once: `error` undefined is the good end of a response stream.
   * `headers` are the response headers not yet sent (null when sent or empty).
   */
  end(error: RpcError | undefined, trailers: Metadata | null, headers: Metadata | null): void;
}

/** An admitted request-shaped call, returned by {@link Server.openCall}. */
export interface RequestCall {
  /** The method's kind: `unary` or `server_stream` (streaming input is refused at open). */
  readonly kind: MethodKind;
  /**
   * Runs the call with its request message, as decoded by the transport's codec; the
   * method's `decodeRequest` validates it first. Call at most once.
   */
  start(payload: unknown): void;
  /**
   * Ends the call without responding: the client went away (`cancelled`) or the transport
   * failed. The handler's signal aborts with `reason`.
   */
  cancel(reason: RpcError): void;
  /**
   * Ends the call with `error`, told to the client through the responder: for request
   * problems the transport finds before {@link start} (a body too large, malformed bytes).
   */
  fail(error: RpcError): void;
}

/** What the request-shaped entry needs from its server. */
export interface RequestCallsCore extends CallRunnerCore {
  readonly limits: SessionLimits;
}

/**
 * The server's request-shaped calls: admission (draining, `maxConcurrentCalls` counted over
 * all of them, routing), deadlines and the one-time end of each call. Running a call is
 * {@link runCall}, exactly as on a session.
 */
export class RequestCalls {
  readonly #core: RequestCallsCore;
  /**
   * The calls in flight as a list threaded through the calls themselves: admitting and ending
   * one costs two pointer writes, where a Map keyed by the call hashed every call.
   */
  #first: OpenCall | undefined = undefined;
  #size = 0;
  #nextId = 1;
  #draining = false;
  #onIdle: (() => void) | undefined;

  constructor(core: RequestCallsCore) {
    this.#core = core;
  }

  /** Calls in flight. */
  get active(): number {
    return this.#size;
  }

  /** Admits a call or throws the `RpcError` that refuses it; nothing has run then. */
  open(request: CallRequest, responder: CallResponder): RequestCall {
    if (this.#draining) {
      throw new RpcError(RpcCode.Unavailable, "the server is shutting down; retry elsewhere");
    }
    const limit = this.#core.limits.maxConcurrentCalls;
    if (this.#size >= limit) {
      throw new RpcError(
        RpcCode.ResourceExhausted,
        `too many calls on this server: limit maxConcurrentCalls = ${limit}`,
      );
    }
    const route = findRoute(this.#core, request.path);
    if (route instanceof RpcError) throw route;
    const kind = route.method.kind;
    if (kind === "client_stream" || kind === "bidi") {
      throw new RpcError(RpcCode.Unimplemented, request.streamingInputUnsupported);
    }
    const { timeoutMs } = request;
    const call = new ServerCall(
      this.#nextId++,
      route,
      request.metadata,
      timeoutMs,
      request.peer,
      request.peerCertificate,
    );
    const open = new OpenCall(this, call, responder, kind);
    const first = this.#first;
    if (first !== undefined) {
      open.next = first;
      first.prev = open;
    }
    this.#first = open;
    this.#size++;
    if (timeoutMs > 0 && timeoutMs <= maxTimerMs) {
      call.timer = setTimeout(onDeadline, timeoutMs, open, timeoutMs);
    }
    return open;
  }

  /** Refuses new calls; resolves once every call in flight has ended. */
  drain(): Promise<void> {
    this.#draining = true;
    if (this.#size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onIdle = resolve;
    });
  }

  /** Ends every call in flight with `error`, telling each client. */
  abortAll(error: RpcError): void {
    const open: OpenCall[] = [];
    for (let at = this.#first; at !== undefined; at = at.next) open.push(at);
    for (const call of open) call.finish(error, true);
  }

  /** @internal Runs an admitted call (see {@link OpenCall.start}). */
  run(call: ServerCall, payload: unknown, output: CallOutput): void {
    void runCall(this.#core, call, payload, output);
  }

  /**
   * @internal Ends a call once. With an error the handler's signal is aborted first. When
   * `notify` is set the responder gets the end; if that fails (trailers it cannot carry) a
   * bare end with code and message only follows, so the client always learns how its call
   * ended.
   */
  finish(
    open: OpenCall,
    call: ServerCall,
    responder: CallResponder,
    error: RpcError | undefined,
    notify: boolean,
  ): void {
    if (call.done) return;
    call.done = true;
    if (call.timer !== undefined) clearTimeout(call.timer);
    this.#remove(open);
    if (error !== undefined) call.abort(error);
    if (notify) {
      try {
        responder.end(error, call.takeTrailers(), call.takeHeaders());
      } catch (failure) {
        this.#core.reportError(failure, call);
        const bare =
          error === undefined
            ? new RpcError(RpcCode.Internal, "the call's trailers could not be sent")
            : new RpcError(error.code, error.message);
        try {
          responder.end(bare, null, null);
        } catch {
          // The transport could not respond at all; it closes the response itself.
        }
      }
    }
    this.#idle();
  }

  #remove(open: OpenCall): void {
    const { prev, next } = open;
    if (prev === undefined) this.#first = next;
    else prev.next = next;
    if (next !== undefined) next.prev = prev;
    open.prev = undefined;
    open.next = undefined;
    this.#size--;
  }

  #idle(): void {
    if (!this.#draining || this.#size > 0) return;
    const idle = this.#onIdle;
    this.#onIdle = undefined;
    idle?.();
  }
}

/**
 * An admitted call as its transport drives it ({@link RequestCall}) and as {@link runCall}
 * sends through it ({@link CallOutput}): one object per call whose methods live on the
 * prototype, rather than a closure per method per call.
 */
class OpenCall implements RequestCall, CallOutput {
  readonly kind: MethodKind;
  readonly #calls: RequestCalls;
  readonly #call: ServerCall;
  readonly #responder: CallResponder;
  #started = false;
  /** Neighbours in {@link RequestCalls}' list of calls in flight. */
  prev: OpenCall | undefined = undefined;
  next: OpenCall | undefined = undefined;

  constructor(calls: RequestCalls, call: ServerCall, responder: CallResponder, kind: MethodKind) {
    this.#calls = calls;
    this.#call = call;
    this.#responder = responder;
    this.kind = kind;
  }

  start(payload: unknown): void {
    const call = this.#call;
    if (this.#started || call.done) return;
    this.#started = true;
    this.#calls.run(call, payload, this);
  }

  cancel(reason: RpcError): void {
    this.finish(reason, false);
  }

  fail(error: RpcError): void {
    this.finish(error, true);
  }

  finish(error: RpcError | undefined, notify: boolean): void {
    this.#calls.finish(this, this.#call, this.#responder, error, notify);
  }

  take(): boolean {
    return this.#responder.writable();
  }

  room(): Promise<void> {
    return this.#responder.drained();
  }

  message(call: ServerCall, item: unknown): void {
    this.#responder.message(item, call.headersSent ? undefined : call.takeHeaders());
  }

  result(call: ServerCall, value: unknown): void {
    this.#responder.result(value, call.takeHeaders(), call.takeTrailers());
    this.finish(undefined, false);
  }

  end(_call: ServerCall, error: RpcError | undefined): void {
    this.finish(error, true);
  }
}

function onDeadline(open: OpenCall, timeoutMs: number): void {
  open.finish(deadlineError(timeoutMs), true);
}
