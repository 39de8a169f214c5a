import { Packr, Unpackr } from "msgpackr";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { scanThresholdBytes } from "./budget.js";
import { checkDecoded } from "./check-decoded.js";
import { type Codec, type CodecOptions, defaultMaxDepth } from "./codec.js";
import { hasTwoByteRecords, scanMsgpack } from "./scan-msgpack.js";

const baseOptions = {
  mapsAsObjects: true,
  moreTypes: false,
  bundleStrings: false,
  int64AsType: "bigint",
  // Shared references would let a small frame expand into a huge tree.
  structuredClone: false,
  // Binary payloads must not alias the frame: transports may reuse or retain its buffer.
  copyBuffers: true,
} as const;

/**
 * The default codec: MessagePack through msgpackr. Maps decode to plain objects, Dates travel
 * as MessagePack timestamps, 64-bit integers as bigint. Each codec instance owns its own
 * encoder so connections never share mutable buffers. With `connection`, objects travel as
 * msgpackr records whose shapes are sent once per connection (docs/protocol.md).
 */
export function msgpackCodec(options: CodecOptions = {}): Codec {
  const maxDepth = options.maxDepth ?? defaultMaxDepth;
  const records = options.connection === true;
  const newPackr = (): Packr =>
    records
      ? new Packr({ ...baseOptions, useRecords: true, sequential: true })
      : new Packr({ ...baseOptions, useRecords: false });
  let packr = newPackr();
  // Record shapes the peer defined stay known for the rest of the connection (sequential).
  const unpackr = records ? new Unpackr({ ...baseOptions, sequential: true }) : packr;
  const codec: Codec = {
    name: "msgpack",
    encode(value) {
      if (!records) return packr.pack(value);
      try {
        return packr.pack(value);
      } catch (error) {
        // A failed pack may have registered shapes no frame will carry: start afresh.
        packr = newPackr();
        throw error;
      }
    },
    decode(bytes) {
      if (bytes.length >= scanThresholdBytes) {
        // Record shapes the peer defined on earlier frames, which the scan must follow.
        const structures = (unpackr as unknown as { structures?: (readonly unknown[])[] })
          .structures;
        if (structures !== undefined && hasTwoByteRecords(structures)) {
          throw new RpcError(
            RpcCode.InvalidArgument,
            "malformed msgpack: two-byte msgpack record ids are not accepted",
          );
        }
        scanMsgpack(bytes, maxDepth, structures);
      }
      let value: unknown;
      try {
        value = unpackr.unpack(bytes);
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
      checkDecoded(value, { maxDepth, forbiddenKey: "__proto_", bytes: bytes.length });
      return value;
    },
  };
  if (records) {
    // A fresh encoder defines every shape again before its first use, overwriting whatever
    // the peer remembers under the same ids, so nothing it decodes later is misread.
    codec.discard = () => {
      packr = newPackr();
    };
  }
  return codec;
}

function describe(error: unknown, maxDepth: number): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return `nesting too deep (limit maxDepth = ${maxDepth})`;
  }
  return error instanceof Error ? error.message : String(error);
}
