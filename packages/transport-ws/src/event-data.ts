/** Reading what WebSocket events carry, whatever the implementation. */
import { type WebSocketEventLike, wsPayloadTooBig } from "./websocket-like.js";

/** The bytes of a binary message's data, without copying; undefined for anything else. */
export function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // The tag test also accepts an ArrayBuffer made in another realm (an iframe, a vm context).
  if (
    data instanceof ArrayBuffer ||
    Object.prototype.toString.call(data) === "[object ArrayBuffer]"
  ) {
    return new Uint8Array(data as ArrayBuffer);
  }
  return undefined;
}

export function describeData(data: unknown): string {
  if (Array.isArray(data)) return "an array of fragments";
  const tag = Object.prototype.toString.call(data).slice(8, -1);
  return `a ${tag}`;
}

export function isPayloadTooBig(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && "code" in error && error.code === wsPayloadTooBig
  );
}

/** An error event's own description, where the implementation gives one. */
export function errorText(event: WebSocketEventLike): string | undefined {
  if (typeof event.message === "string" && event.message !== "") return event.message;
  const error = event.error;
  if (error instanceof Error && error.message !== "") return error.message;
  return undefined;
}
