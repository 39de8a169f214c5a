import { Packr } from "msgpackr";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { checkDecoded } from "./check-decoded.js";
import { type Codec, type CodecOptions, defaultMaxDepth } from "./codec.js";

/**
 * The default codec: MessagePack through msgpackr. Maps decode to plain objects, Dates travel
 * as MessagePack timestamps, 64-bit integers as bigint. Each codec instance owns its own
 * encoder so connections never share mutable buffers.
 */
export function msgpackCodec(options: CodecOptions = {}): Codec {
  const maxDepth = options.maxDepth ?? defaultMaxDepth;
  const packr = new Packr({
    useRecords: false,
    mapsAsObjects: true,
    moreTypes: false,
    bundleStrings: false,
    int64AsType: "bigint",
    // Shared references would let a small frame expand into a huge tree.
    structuredClone: false,
    // Binary payloads must not alias the frame: transports may reuse or retain its buffer.
    copyBuffers: true,
  });
  return {
    name: "msgpack",
    encode: (value) => packr.pack(value),
    decode(bytes) {
      let value: unknown;
      try {
        value = packr.unpack(bytes);
      } catch (error) {
        throw new RpcError(
          RpcCode.InvalidArgument,
          `malformed msgpack: ${describe(error, maxDepth)}`,
          {
            cause: error,
          },
        );
      }
      // msgpackr renames a `__proto__` key to `__proto_` rather than assigning it.
      checkDecoded(value, { maxDepth, forbiddenKey: "__proto_", maxNodes: bytes.length });
      return value;
    },
  };
}

function describe(error: unknown, maxDepth: number): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return `nesting too deep (limit maxDepth = ${maxDepth})`;
  }
  return error instanceof Error ? error.message : String(error);
}
