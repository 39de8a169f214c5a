import type { Codec, CodecOptions } from "./codec.js";
import { jsonCodec } from "./json.js";
import { msgpackCodec } from "./msgpack.js";

/** The name of a built-in codec. */
export type CodecName = "msgpack" | "json";

const factories: Record<CodecName, (options: CodecOptions) => Codec> = {
  msgpack: msgpackCodec,
  json: jsonCodec,
};

/** Names of the codecs every session supports, in order of preference. */
export const codecNames: readonly CodecName[] = ["msgpack", "json"];

/** A fresh codec instance for one session, or undefined for an unknown name. */
export function createCodec(name: string, options: CodecOptions = {}): Codec | undefined {
  return Object.hasOwn(factories, name) ? factories[name as CodecName](options) : undefined;
}
