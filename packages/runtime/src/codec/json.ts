import { toBase64 } from "../decode-helpers.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { checkDecoded } from "./check-decoded.js";
import { type Codec, type CodecOptions, defaultMaxDepth } from "./codec.js";
import { scanJson } from "./scan-json.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Writes the values JSON has no form for: a bigint as its decimal string, bytes (a Uint8Array or
 * Buffer, read from the holder before Buffer's own toJSON) as base64. Dates already become ISO
 * strings. Generated decoders turn these strings back, guided by the schema.
 */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  const original = this[key];
  if (original instanceof Uint8Array) return toBase64(original);
  return value;
}

/**
 * JSON as UTF-8 bytes. Slower than msgpack, but readable with any tool. Bigints travel as
 * decimal strings, bytes as base64 and dates as ISO strings; Maps and Sets are converted to
 * arrays by generated encoders (see docs/protocol.md).
 */
export function jsonCodec(options: CodecOptions = {}): Codec {
  const maxDepth = options.maxDepth ?? defaultMaxDepth;
  return {
    name: "json",
    encode: (value) => encoder.encode(JSON.stringify(value, replacer)),
    decode(bytes) {
      // Counted before parsing: JSON.parse would build the whole tree before any check.
      scanJson(bytes, maxDepth);
      let value: unknown;
      try {
        value = JSON.parse(decoder.decode(bytes));
      } catch (error) {
        const reason = error instanceof RangeError ? "nesting too deep" : (error as Error).message;
        throw new RpcError(RpcCode.InvalidArgument, `malformed JSON: ${reason}`, { cause: error });
      }
      checkDecoded(value, { maxDepth, forbiddenKey: "__proto__", bytes: bytes.length });
      return value;
    },
  };
}
