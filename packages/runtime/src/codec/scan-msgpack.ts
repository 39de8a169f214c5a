import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import { nodeBudget, overBudget, tooDeep } from "./budget.js";

/** Extension type of msgpackr's record definitions. */
const recordExt = 0x72;
/** Extension types a frame may carry besides records: undefined, bigint and timestamps. */
const allowedExt = new Set([0x00, 0x42, 0xff]);

// The scan's state lives at module level: scans are synchronous and never nested, and closures
// or a typed array allocated per frame would cost more than the scan itself.
const noBytes = new Uint8Array(0);
let src: Uint8Array = noBytes;
let pos = 0;
let end = 0;
let depth = 0;
let nodes = 0;
let budget = 0;
let limit = 0;
/** remaining[d]: values still expected by the container open at depth d; 0 is the frame. */
const remaining: number[] = [];

/**
 * Walks a MessagePack frame without building anything and refuses it, before any decoding, if
 * it nests deeper than `maxDepth` or holds more arrays, maps and records than {@link nodeBudget}
 * allows. It follows msgpackr's one-byte records (`structures` are the record shapes the peer
 * defined on earlier frames, key lists by id) and refuses what a session never sends and a scan
 * cannot frame: two-byte record ids, bundled strings and extensions other than undefined,
 * bigint and timestamps (which decode to values refused anyway).
 */
export function scanMsgpack(
  bytes: Uint8Array,
  maxDepth: number,
  structures: ArrayLike<readonly unknown[] | undefined> | undefined,
): void {
  src = bytes;
  pos = 0;
  end = bytes.length;
  depth = 0;
  nodes = 0;
  budget = nodeBudget(end);
  limit = maxDepth;
  remaining[0] = 1;
  // Record shapes defined within this frame, by id; they shadow the connection's.
  let defined: Map<number, number> | undefined;
  try {
    while (pos < end) {
      // One value is about to be read: it counts against the innermost open container.
      while (depth > 0 && remaining[depth] === 0) depth--;
      if (depth === 0 && remaining[0] === 0) break;
      remaining[depth]!--;
      const token = bytes[pos++]!;
      if (token < 0x80) {
        if (token >= 0x40) {
          const id = token & 0x3f;
          const keys = defined?.get(id) ?? structures?.[id]?.length;
          if (keys !== undefined) open(keys);
        }
      } else if (token < 0x90) open((token - 0x80) * 2);
      else if (token < 0xa0) open(token - 0x90);
      else if (token < 0xc0) skip(token - 0xa0);
      else if (token < 0xe0) {
        if (token === 0xd4 && pos + 1 < end && bytes[pos] === recordExt) {
          const id = bytes[pos + 1]! & 0x3f;
          pos += 2;
          // The definition is followed by its array of keys, then the record's values.
          const keys = arrayLength();
          if (++nodes > budget) throw overBudget(end);
          for (let i = 0; i < keys; i++) skipKey();
          defined ??= new Map();
          defined.set(id, keys);
          open(keys);
        } else other(token);
      }
      // 0xe0 and up: negative fixint.
    }
  } finally {
    // The frame is not kept alive by the scanner between scans.
    src = noBytes;
  }
}

/** Tokens 0xc0 to 0xdf other than a record definition. */
function other(token: number): void {
  switch (token) {
    case 0xc0:
    case 0xc2:
    case 0xc3:
      return;
    case 0xc4:
    case 0xd9:
      skip(length(1));
      return;
    case 0xc5:
    case 0xda:
      skip(length(2));
      return;
    case 0xc6:
    case 0xdb:
      skip(length(4));
      return;
    case 0xc7:
    case 0xc8:
    case 0xc9: {
      const n = length(token === 0xc7 ? 1 : token === 0xc8 ? 2 : 4);
      extension(src[pos]);
      skip(n + 1);
      return;
    }
    case 0xca:
    case 0xce:
    case 0xd2:
      skip(4);
      return;
    case 0xcb:
    case 0xcf:
    case 0xd3:
      skip(8);
      return;
    case 0xcc:
    case 0xd0:
      skip(1);
      return;
    case 0xcd:
    case 0xd1:
      skip(2);
      return;
    case 0xd4:
      extension(src[pos]);
      skip(2);
      return;
    case 0xd5:
      if (src[pos] === recordExt) throw unframeable("two-byte msgpack record ids");
      extension(src[pos]);
      skip(3);
      return;
    case 0xd6:
      extension(src[pos]);
      skip(5);
      return;
    case 0xd7:
      extension(src[pos]);
      skip(9);
      return;
    case 0xd8:
      extension(src[pos]);
      skip(17);
      return;
    case 0xdc:
      open(length(2));
      return;
    case 0xdd:
      open(length(4));
      return;
    case 0xde:
      open(length(2) * 2);
      return;
    case 0xdf:
      open(length(4) * 2);
      return;
    default:
      // 0xc1: msgpackr's bundled strings, which sessions never send.
      throw unframeable(`msgpack token 0x${token.toString(16)}`);
  }
}

/** A container holding `count` values starts here. */
function open(count: number): void {
  if (++nodes > budget) throw overBudget(end);
  if (count === 0) return;
  if (++depth > limit) throw tooDeep(limit);
  remaining[depth] = count;
}

/** Reads a big-endian length of `size` bytes. */
function length(size: number): number {
  if (pos + size > end) throw truncated();
  let n = 0;
  for (let i = 0; i < size; i++) n = n * 256 + src[pos + i]!;
  pos += size;
  return n;
}

function skip(n: number): void {
  pos += n;
  if (pos > end) throw truncated();
}

/** The key count of a record definition's array of keys. */
function arrayLength(): number {
  const token = src[pos++];
  if (token === undefined) throw truncated();
  if (token >= 0x90 && token < 0xa0) return token - 0x90;
  if (token === 0xdc) return length(2);
  if (token === 0xdd) return length(4);
  throw unframeable("a msgpack record definition without an array of keys");
}

function skipKey(): void {
  const token = src[pos++];
  if (token === undefined) throw truncated();
  if (token >= 0xa0 && token < 0xc0) skip(token - 0xa0);
  else if (token === 0xd9) skip(length(1));
  else if (token === 0xda) skip(length(2));
  else if (token === 0xdb) skip(length(4));
  else throw unframeable("a msgpack record key that is not a string");
}

function extension(type: number | undefined): void {
  if (type === undefined) throw truncated();
  if (!allowedExt.has(type)) throw unframeable(`msgpack extension type ${type}`);
}

function truncated(): RpcError {
  return new RpcError(RpcCode.InvalidArgument, "malformed msgpack: the frame ends inside a value");
}

function unframeable(what: string): RpcError {
  return new RpcError(RpcCode.InvalidArgument, `malformed msgpack: ${what} is not accepted`);
}

/**
 * True when the peer defined a record with a two-byte id on an earlier frame: msgpackr then
 * reads a second byte after some record tokens, which {@link scanMsgpack} cannot follow.
 */
export function hasTwoByteRecords(structures: ArrayLike<unknown> & object): boolean {
  if (structures.length > 64) return true;
  for (const key of Object.keys(structures)) if (key.startsWith("-")) return true;
  return false;
}
