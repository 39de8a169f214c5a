import type { IncomingMessage, ServerResponse } from "node:http";
import { type Codec, type RequestCall, RpcCode, RpcError } from "@rpcgen/runtime";
import type { HandlerTracker } from "./handler.js";
import { jsonErrorOffset, lineAndColumn } from "./json-position.js";
import { BodyReader, BodyTooLarge } from "./read-body.js";
import type { HttpResponder } from "./responder.js";

/** A client that disconnects within this long of its deadline is taken to have timed out. */
const deadlineSlackMs = 250;

/** Where the close listener finds its call; see read-body.ts. */
const callKey = Symbol("rpcgen.httpCall");

interface Tagged {
  [callKey]: HttpCall;
}

/**
 * An admitted call's life on the server after `Server.openCall`: its body read and decoded
 * into `start`, and a response that closes before it finished taken as the client going
 * away. One object per request, with no closure per request.
 */
export class HttpCall extends BodyReader {
  readonly #call: RequestCall;
  readonly #res: ServerResponse;
  readonly #responder: HttpResponder;
  readonly #codec: Codec;
  readonly #timeoutMs: number;
  readonly #tracker: HandlerTracker | undefined;
  /** When the request arrived, for calls with a deadline only: 0 without one. */
  readonly #arrival: number;

  constructor(
    call: RequestCall,
    res: ServerResponse,
    responder: HttpResponder,
    codec: Codec,
    timeoutMs: number,
    tracker: HandlerTracker | undefined,
  ) {
    super();
    this.#call = call;
    this.#res = res;
    this.#responder = responder;
    this.#codec = codec;
    this.#timeoutMs = timeoutMs;
    this.#arrival = timeoutMs > 0 ? Date.now() : 0;
    this.#tracker = tracker;
    tracker?.calls.add(call);
  }

  /** Listens for the response closing and reads the request body into the call. */
  run(req: IncomingMessage, maxBytes: number): void {
    (this.#res as unknown as Tagged)[callKey] = this;
    this.#res.on("close", onResponseClose);
    this.readBody(req, maxBytes);
  }

  protected body(bytes: Uint8Array): void {
    let payload: unknown;
    try {
      payload = this.#codec.decode(bytes);
    } catch (error) {
      this.#call.fail(describeMalformed(error, bytes, this.#codec.name));
      return;
    }
    this.#call.start(payload);
  }

  protected bodyFailed(error: RpcError): void {
    if (error instanceof BodyTooLarge) {
      // Stop reading: the client gets its 413 and the connection closes behind it.
      this.#responder.overrideStatus(413);
      this.#res.setHeader("connection", "close");
    }
    if (error.code === RpcCode.Cancelled) this.#call.cancel(error);
    else this.#call.fail(error);
  }

  /** @internal */
  closed(): void {
    const tracker = this.#tracker;
    if (tracker?.calls.delete(this.#call) && tracker.calls.size === 0) tracker.idle?.();
    // A response that never finished: the client went away (or a deadline cut it).
    if (!this.#res.writableFinished) {
      const timeoutMs = this.#timeoutMs;
      this.#call.cancel(
        this.#responder.stallError ??
          (timeoutMs > 0 && Date.now() >= this.#arrival + timeoutMs - deadlineSlackMs
            ? new RpcError(RpcCode.DeadlineExceeded, "the call exceeded its deadline on the client")
            : new RpcError(RpcCode.Cancelled, "the client cancelled the call")),
      );
    }
  }
}

function onResponseClose(this: ServerResponse): void {
  (this as unknown as Tagged)[callKey].closed();
}

/** A body that does not decode; for JSON the message names where it breaks. */
function describeMalformed(error: unknown, bytes: Uint8Array, codecName: string): RpcError {
  const failure = RpcError.from(error, RpcCode.InvalidArgument);
  const prefix = "malformed JSON: ";
  if (codecName !== "json" || !failure.message.startsWith(prefix)) return failure;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return failure;
  }
  const offset = jsonErrorOffset(text);
  return new RpcError(
    RpcCode.InvalidArgument,
    `malformed JSON at position ${offset} (${lineAndColumn(text, offset)}): ${failure.message.slice(prefix.length)}`,
    { details: { position: offset }, cause: error },
  );
}
