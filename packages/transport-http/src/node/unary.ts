import type { ClientRequest, IncomingMessage } from "node:http";
import type { CallSpec, RpcError } from "@rpcgen/runtime";
import type { Exchange } from "../client/exchange.js";
import type { ClientMapping } from "../client/mapping.js";
import { BodyCollector, errorOfResponse } from "./body.js";
import { NodeExchange } from "./exchange.js";

/**
 * Where the listeners below find their call: the request and response carry it, so one set
 * of module-level functions serves every call instead of a closure per event per call.
 */
const callKey = Symbol("rpcgen.unaryCall");

interface Tagged {
  [callKey]: UnaryCall;
}

/**
 * One unary call on node:http: its request, the response body as it arrives, and the
 * promise the caller awaits, settled exactly once.
 */
export class UnaryCall extends NodeExchange {
  readonly #call: CallSpec;
  readonly #mapping: ClientMapping;
  #resolve!: (value: unknown) => void;
  #reject!: (error: unknown) => void;
  #body: BodyCollector | undefined;
  #settled = false;

  /** Throws the call's error when it is already cancelled or past its deadline. */
  constructor(call: CallSpec, inFlight: Set<Exchange>, mapping: ClientMapping) {
    super(call, inFlight);
    this.#call = call;
    this.#mapping = mapping;
  }

  /** The promise the caller awaits; the call keeps only its settle functions. */
  begin(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  send(req: ClientRequest, body: Uint8Array): void {
    this.req = req;
    (req as unknown as Tagged)[callKey] = this;
    req.on("error", onRequestError);
    req.on("response", onResponse);
    req.end(body);
  }

  /** Fails the call with what `error` maps to (Exchange.failure) and stops its request. */
  fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    const failure = this.failure(error, `${this.#mapping.url}/${this.#call.path}`);
    this.abort(failure);
    this.done();
    this.#body = undefined;
    const reject = this.#reject;
    this.#release();
    reject(failure);
  }

  /**
   * Drops the promise's settle functions. The request and response keep pointing here, and
   * if either was promoted to the old generation while in flight, whatever this call still
   * references survives every scavenge until a full GC: holding the promise (and so the
   * result) measured as ~80 MB more promoted per 100k calls, and three times the full GCs.
   */
  #release(): void {
    this.#resolve = settled;
    this.#reject = settled;
  }

  protected settle(reason: RpcError): void {
    this.fail(reason);
  }

  response(res: IncomingMessage): void {
    if (this.#settled) return;
    this.res = res;
    (res as unknown as Tagged)[callKey] = this;
    res.on("error", onResponseError);
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) {
      errorOfResponse(this.#mapping, this.#call, res).then(
        (error) => this.fail(error),
        (error: unknown) => this.fail(error),
      );
      return;
    }
    try {
      this.#mapping.checkType(res.headers["content-type"], false);
    } catch (error) {
      this.fail(error);
      return;
    }
    const body = new BodyCollector(this.#mapping.maxBytes);
    const tooLarge = body.declaredTooLarge(res);
    if (tooLarge !== undefined) {
      this.fail(tooLarge);
      return;
    }
    this.#body = body;
    res.on("data", onData);
    res.on("end", onEnd);
  }

  data(chunk: Buffer): void {
    const tooLarge = this.#body?.push(chunk);
    if (tooLarge !== undefined) this.fail(tooLarge);
  }

  end(): void {
    const body = this.#body;
    const res = this.res;
    if (this.#settled || body === undefined || res === undefined) return;
    let value: unknown;
    try {
      value = this.#mapping.result(this.#call, body.body(), res.headers);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.#settled = true;
    this.done();
    this.#body = undefined;
    const resolve = this.#resolve;
    this.#release();
    resolve(value);
  }
}

function settled(): void {}

function onRequestError(this: ClientRequest, error: Error): void {
  (this as unknown as Tagged)[callKey].fail(error);
}

function onResponse(this: ClientRequest, res: IncomingMessage): void {
  (this as unknown as Tagged)[callKey].response(res);
}

function onResponseError(this: IncomingMessage, error: Error): void {
  (this as unknown as Tagged)[callKey].fail(error);
}

function onData(this: IncomingMessage, chunk: Buffer): void {
  (this as unknown as Tagged)[callKey].data(chunk);
}

function onEnd(this: IncomingMessage): void {
  (this as unknown as Tagged)[callKey].end();
}
