/**
 * Turns frames into bytes and back. A codec encodes the whole frame (envelope and payload) in
 * one pass, so a message is never encoded twice.
 */
export interface Codec {
  /** The name negotiated in the handshake: `"msgpack"` or `"json"`. */
  readonly name: string;
  /** Encodes a value. The returned bytes stay valid; the codec never reuses them. */
  encode(value: unknown): Uint8Array;
  /**
   * Decodes bytes. Throws an `RpcError` (`invalid_argument`) on malformed input, on nesting
   * deeper than the codec's limit and on a `__proto__` key.
   */
  decode(bytes: Uint8Array): unknown;
  /**
   * The bytes last encoded will not be sent (a frame over the peer's limit). A codec that keeps
   * per-connection state (msgpack records) forgets what those bytes would have told the peer, so
   * later frames do not refer to it. Stateless codecs leave it out.
   */
  discard?: () => void;
}

/** Options shared by the built-in codecs. */
export interface CodecOptions {
  /** Deepest nesting of arrays and objects a decoded value may have. Default 64. */
  readonly maxDepth?: number;
  /**
   * The codec serves one connection whose frames the peer decodes all, in order (a session):
   * msgpack then sends each object shape once per connection and refers to it after (msgpackr
   * records in sequential mode), which makes frames smaller and faster to decode. Leave it off
   * where messages are decoded independently (HTTP requests). JSON ignores it.
   */
  readonly connection?: boolean;
}

/** Default nesting limit: deep enough for real data, far below the engine's stack. */
export const defaultMaxDepth = 64;
