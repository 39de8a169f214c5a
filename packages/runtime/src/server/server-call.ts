import type { PeerCertificate } from "../auth/peer-certificate.js";
import type { MethodKind } from "../descriptor.js";
import { raiseDeclared } from "../errors/declared.js";
import type { RpcError } from "../errors/rpc-error.js";
import type { Metadata } from "../metadata.js";
import type { InboundStream } from "../stream/inbound-stream.js";
import type { SendCredit } from "../stream/send-credit.js";
import type { CallContext } from "./handlers.js";
import type { Route } from "./route.js";

const noMetadata: Readonly<Metadata> = Object.freeze({});

/**
 * One call on the server. It is also the handler's {@link CallContext}, so a call costs one
 * object; the AbortController and the header maps are made only when someone asks for them.
 */
export class ServerCall implements CallContext {
  readonly id: number;
  readonly route: Route;
  readonly metadata: Readonly<Metadata>;
  readonly deadline: number | undefined;
  readonly peer: string;
  readonly peerCertificate: PeerCertificate | undefined;
  identity: unknown = undefined;
  done = false;
  headersSent = false;
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  inbound: InboundStream<unknown> | undefined = undefined;
  credit: SendCredit | undefined = undefined;
  /** Unary and client-stream result, set by the handler step, sent after interceptors. */
  result: unknown = undefined;
  #controller: AbortController | undefined;
  #abortReason: RpcError | undefined;
  #responseHeaders: Metadata | undefined;
  #trailers: Metadata | undefined;

  constructor(
    id: number,
    route: Route,
    metadata: Metadata | null,
    timeoutMs: number,
    peer: string,
    peerCertificate?: PeerCertificate,
  ) {
    this.id = id;
    this.route = route;
    this.metadata = metadata ?? noMetadata;
    this.deadline = timeoutMs > 0 ? Date.now() + timeoutMs : undefined;
    this.peer = peer;
    this.peerCertificate = peerCertificate;
  }

  get service(): string {
    return this.route.service;
  }

  get method(): string {
    return this.route.method.name;
  }

  get kind(): MethodKind {
    return this.route.method.kind;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortReason !== undefined) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  get responseHeaders(): Metadata {
    this.#responseHeaders ??= {};
    return this.#responseHeaders;
  }

  get trailers(): Metadata {
    this.#trailers ??= {};
    return this.#trailers;
  }

  /** Headers not yet sent, or null; marks them sent. */
  takeHeaders(): Metadata | null {
    if (this.headersSent) return null;
    this.headersSent = true;
    const headers = this.#responseHeaders;
    return headers === undefined || isEmpty(headers) ? null : headers;
  }

  /** Trailers to send, or null. */
  takeTrailers(): Metadata | null {
    const trailers = this.#trailers;
    return trailers === undefined || isEmpty(trailers) ? null : trailers;
  }

  /**
   * Typed per method by `CallContext<E>`, which only lets declared types and their details
   * through. Here the result is typed `never`, the one type that fits every `E`; at run time
   * it is the declared error, which the handler throws.
   */
  error(type: string, details?: unknown, message?: string): never {
    return raiseDeclared(this.route.method, type, details, message) as never;
  }

  /** Aborts the handler's signal with `reason`. */
  abort(reason: RpcError): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }
}

function isEmpty(record: object): boolean {
  for (const _ in record) return false;
  return true;
}
