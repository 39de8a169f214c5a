import type { IncomingMessage } from "node:http";
import type { CallSpec, RpcError } from "@rpcgen/runtime";
import { tooLarge } from "../client/body.js";
import type { ClientMapping } from "../client/mapping.js";

const empty = new Uint8Array(0);

/**
 * A response body of at most `maxBytes`, collected chunk by chunk. A body that arrives in
 * one chunk, as small ones do, is passed on as is: no copy.
 */
export class BodyCollector {
  readonly #maxBytes: number;
  #first: Buffer | undefined;
  #more: Buffer[] | undefined;
  #total = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** `resource_exhausted` when the declared length is over the limit: nothing to read. */
  declaredTooLarge(res: IncomingMessage): RpcError | undefined {
    const declared = res.headers["content-length"];
    if (declared === undefined || !(Number(declared) > this.#maxBytes)) return undefined;
    return tooLarge(Number(declared), this.#maxBytes);
  }

  /** Adds a chunk; `resource_exhausted` as soon as the body passes the limit. */
  push(chunk: Buffer): RpcError | undefined {
    this.#total += chunk.length;
    if (this.#total > this.#maxBytes) return tooLarge(undefined, this.#maxBytes);
    if (this.#first === undefined) {
      this.#first = chunk;
    } else {
      this.#more ??= [this.#first];
      this.#more.push(chunk);
    }
    return undefined;
  }

  body(): Uint8Array {
    if (this.#more !== undefined) return Buffer.concat(this.#more, this.#total);
    return this.#first ?? empty;
  }
}

/**
 * The error an HTTP error status stands for (ClientMapping.errorOf), once its body is read.
 * A body over the limit is left out (the status still says what happened); a response that
 * fails while being read rejects with what it failed with.
 */
export function errorOfResponse(
  mapping: ClientMapping,
  call: CallSpec,
  res: IncomingMessage,
): Promise<RpcError> {
  return new Promise((resolve, reject) => {
    const collector = new BodyCollector(mapping.maxBytes);
    const answer = (body: Uint8Array | undefined): void => {
      res.off("data", onData);
      res.off("end", onEnd);
      const response = {
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? "",
        url: `${mapping.url}/${call.path}`,
        headers: res.headers,
      };
      resolve(mapping.errorOf(call, response, body));
    };
    const onData = (chunk: Buffer): void => {
      if (collector.push(chunk) !== undefined) answer(undefined);
    };
    const onEnd = (): void => answer(collector.body());
    res.on("error", reject);
    if (collector.declaredTooLarge(res) !== undefined) {
      answer(undefined);
      return;
    }
    res.on("data", onData);
    res.on("end", onEnd);
  });
}
