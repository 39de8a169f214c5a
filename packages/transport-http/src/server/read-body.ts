import type { IncomingMessage } from "node:http";
import { RpcCode, RpcError } from "@rpcgen/runtime";

/** A request body over the limit: the caller answers 413 and stops reading. */
export class BodyTooLarge extends RpcError {
  constructor(bytes: number | undefined, maxBytes: number) {
    super(
      RpcCode.ResourceExhausted,
      bytes === undefined
        ? `request body exceeds the limit maxFrameBytes = ${maxBytes}`
        : `request body of ${bytes} bytes exceeds the limit maxFrameBytes = ${maxBytes}`,
    );
  }
}

/**
 * Reads a request body of at most `maxBytes`. A declared `content-length` over the limit is
 * refused before a byte is read; a chunked body is counted as it arrives and refused as soon
 * as it passes the limit, with the stream paused, so an oversized body is never buffered.
 * Rejects with {@link BodyTooLarge}, or `cancelled` when the client goes away mid-body.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers["content-length"];
  const length = declared === undefined ? undefined : Number(declared);
  if (length !== undefined && length > maxBytes) {
    return Promise.reject(new BodyTooLarge(length, maxBytes));
  }
  if (req.readableEnded) {
    return Promise.reject(
      new RpcError(
        RpcCode.Internal,
        "the request body was already read: mount the rpcgen handler before any body parser",
      ),
    );
  }
  return new Promise((resolve, reject) => {
    // With a declared length the body lands in one buffer of that size: no concatenation.
    const whole =
      length !== undefined && Number.isSafeInteger(length) ? new Uint8Array(length) : undefined;
    const chunks: Uint8Array[] = [];
    let received = 0;
    const cleanup = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
    };
    const onData = (chunk: Buffer): void => {
      if (
        received + chunk.length > maxBytes ||
        (whole !== undefined && received + chunk.length > whole.length)
      ) {
        cleanup();
        req.pause();
        reject(new BodyTooLarge(undefined, maxBytes));
        return;
      }
      if (whole === undefined) chunks.push(chunk);
      else whole.set(chunk, received);
      received += chunk.length;
    };
    const onEnd = (): void => {
      cleanup();
      if (whole !== undefined)
        resolve(received === whole.length ? whole : whole.subarray(0, received));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onGone = (): void => {
      cleanup();
      reject(new RpcError(RpcCode.Cancelled, "the client went away while sending the request"));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("close", onGone);
  });
}
