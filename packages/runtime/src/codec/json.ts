import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { checkDecoded } from "./check-decoded.js";
import { type Codec, type CodecOptions, defaultMaxDepth } from "./codec.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * JSON as UTF-8 bytes. Slower than msgpack, but readable with any tool. Values JSON cannot
 * carry (Date, bigint, Uint8Array, Map, Set, undefined) need the wire mapping that generated
 * code applies; the bare codec carries plain JSON data.
 */
export function jsonCodec(options: CodecOptions = {}): Codec {
  const maxDepth = options.maxDepth ?? defaultMaxDepth;
  return {
    name: "json",
    encode: (value) => encoder.encode(JSON.stringify(value)),
    decode(bytes) {
      let value: unknown;
      try {
        value = JSON.parse(decoder.decode(bytes));
      } catch (error) {
        const reason = error instanceof RangeError ? "nesting too deep" : (error as Error).message;
        throw new RpcError(RpcCode.InvalidArgument, `malformed JSON: ${reason}`, { cause: error });
      }
      checkDecoded(value, { maxDepth, forbiddenKey: "__proto__", maxNodes: bytes.length });
      return value;
    },
  };
}
