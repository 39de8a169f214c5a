import { invalidAt } from "./decode-helpers.js";
import { RpcError } from "./errors/rpc-error.js";

/**
 * Decoding a value of an untagged union of object types (no discriminator the emitter can
 * switch on), with TypeScript's semantics (docs/codegen.md#unions-of-objects): the value
 * decodes as the member that accepts it and keeps most of its keys, earlier members winning
 * ties; keys only other members declare are kept, checked with the types those members give
 * them; a weak member (every property optional) does not take a value that shares no key with
 * it. Generated decoders describe each such union once, as a module constant.
 */

/** One member of an untagged union of objects. */
export interface ObjectUnionMember {
  /** How messages name it: `SubIssue`, `{ a, b }`. */
  readonly name: string;
  /** The properties it declares; absent when it takes any key (an index signature). */
  readonly keys?: ReadonlySet<string>;
  /** Properties that must hold a value (not undefined) for the member to be worth trying. */
  readonly required: readonly string[];
  /** Every property optional and no index signature: TypeScript's weak type. */
  readonly weak: boolean;
  /** Its decoder, which checks the value in place and drops the keys it does not declare. */
  readonly decode: (value: unknown, path: string) => unknown;
}

/** An untagged union of object types, as a generated decoder describes it. */
export interface ObjectUnion {
  /** The union in messages: `Moved | SubIssue`. */
  readonly what: string;
  readonly members: readonly ObjectUnionMember[];
  /** Every key some member declares; absent when a member takes any key. */
  readonly keys?: ReadonlySet<string>;
  /**
   * Checks keys some members declare but not all (only those the chosen member lacks are
   * passed), with the union of the types the members declaring them give them.
   */
  readonly others?: (value: unknown, path: string) => unknown;
}

/**
 * Decodes `value` as the best member of `union` (see the module comment), in place, or throws
 * `invalid_argument` at `path` naming the closest member and why it refused the value.
 */
export function decodeObjectUnion(
  value: Record<string, unknown>,
  path: string,
  union: ObjectUnion,
): Record<string, unknown> {
  const { members } = union;
  const { masks, open } = indexOf(union);
  const scores: number[] = [];
  for (let i = 0; i < members.length; i++) scores.push(0);
  let known = 0;
  for (const key in value) {
    const mask = (masks.get(key) ?? 0) | open;
    if (mask === 0) continue;
    known++;
    for (let i = 0; i < members.length; i++) {
      if ((mask >>> i) & 1) scores[i] = (scores[i] ?? 0) + 1;
    }
  }
  const ranked: number[] = [];
  for (let i = 0; i < members.length; i++) {
    if (fits(value, members[i] as ObjectUnionMember, scores[i] ?? 0, known)) ranked.push(i);
  }
  // Stable: members keeping as many keys stay in declared order.
  if (ranked.length > 1) ranked.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const [first] = ranked;
  if (first !== undefined && ranked.length === 1) {
    // The common case: one member fits, decoded in place; a failure is its failure.
    const member = members[first] as ObjectUnionMember;
    const kept = (scores[first] ?? 0) < known ? othersOf(value, union, member) : undefined;
    try {
      member.decode(value, path);
    } catch (error) {
      throw noMember(path, union, member, error);
    }
    if (kept !== undefined) {
      const refused = checkOthers(path, union, kept);
      if (refused !== undefined) throw refused;
      Object.assign(value, kept);
    }
    return value;
  }
  // Several fit: each is tried on a copy, as a failed try may have changed nested values. The
  // first refusal (of the best-ranked member) is the one reported.
  let closest: unknown;
  for (const i of ranked) {
    const member = members[i] as ObjectUnionMember;
    const copy = copyPlain(value) as Record<string, unknown>;
    try {
      member.decode(copy, path);
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      closest ??= noMember(path, union, member, error);
      continue;
    }
    // Copied too: the original values may still be needed by the next member.
    const found = (scores[i] ?? 0) < known ? othersOf(value, union, member) : undefined;
    const kept = found === undefined ? undefined : (copyPlain(found) as Record<string, unknown>);
    const refused = kept === undefined ? undefined : checkOthers(path, union, kept);
    if (refused !== undefined) {
      closest ??= refused;
      continue;
    }
    // Only the keys the member dropped are deleted: deleting every key would leave `value` in
    // the slow dictionary mode of objects.
    for (const key in value) if (!Object.hasOwn(copy, key)) delete value[key];
    Object.assign(value, copy, kept);
    return value;
  }
  throw closest ?? nothingFits(value, path, union, scores, known);
}

/** Per key, the members declaring it (bit i: member i), and the members taking any key. */
interface UnionIndex {
  readonly masks: ReadonlyMap<string, number>;
  readonly open: number;
}

const indexes = new WeakMap<ObjectUnion, UnionIndex>();

/** The index of `union`, built on first use: one lookup per key instead of one per member. */
function indexOf(union: ObjectUnion): UnionIndex {
  let index = indexes.get(union);
  if (index !== undefined) return index;
  const masks = new Map<string, number>();
  let open = 0;
  union.members.forEach((member, i) => {
    if (member.keys === undefined) open |= 1 << i;
    for (const key of member.keys ?? []) masks.set(key, (masks.get(key) ?? 0) | (1 << i));
  });
  index = { masks, open };
  indexes.set(union, index);
  return index;
}

/** Cheap tests a member must pass before it is tried: its required keys, the weak-type rule. */
function fits(
  value: Record<string, unknown>,
  member: ObjectUnionMember,
  score: number,
  known: number,
): boolean {
  if (member.weak && score === 0 && known > 0) return false;
  for (const key of member.required) if (value[key] === undefined) return false;
  return true;
}

/** The keys of `value` other members declare and `member` does not, with their values. */
function othersOf(
  value: Record<string, unknown>,
  union: ObjectUnion,
  member: ObjectUnionMember,
): Record<string, unknown> | undefined {
  let kept: Record<string, unknown> | undefined;
  for (const key in value) {
    if (member.keys === undefined || member.keys.has(key)) continue;
    if (union.keys !== undefined && !union.keys.has(key)) continue;
    kept ??= {};
    kept[key] = value[key];
  }
  return kept;
}

/**
 * Checks (and converts, in place) each of `kept` with the types the members declaring it give
 * it; returns the refusal of the first wrong one, naming the first member declaring it.
 */
function checkOthers(path: string, union: ObjectUnion, kept: Record<string, unknown>): unknown {
  const { others } = union;
  if (others === undefined) return undefined;
  for (const key in kept) {
    // One key at a time, so a refusal says whose key it is.
    const one: Record<string, unknown> = { [key]: kept[key] };
    try {
      others(one, path);
    } catch (error) {
      const declaring = union.members.find((member) => member.keys?.has(key) ?? true);
      return declaring === undefined ? error : noMember(path, union, declaring, error);
    }
    kept[key] = one[key];
  }
  return undefined;
}

/** No member fits: the closest (most keys in common, declared order) says why. */
function nothingFits(
  value: Record<string, unknown>,
  path: string,
  union: ObjectUnion,
  scores: readonly number[],
  known: number,
): unknown {
  let best = 0;
  scores.forEach((score, i) => {
    if (score > (scores[best] ?? 0)) best = i;
  });
  const member = union.members[best] as ObjectUnionMember;
  if (member.weak && known > 0) {
    const problem = `${member.name}: has no property in common with the value`;
    return invalidAt(path, `no member of ${union.what} matches: ${problem}`);
  }
  try {
    member.decode(copyPlain(value), path);
  } catch (error) {
    return noMember(path, union, member, error);
  }
  return noMember(path, union, member, undefined);
}

/** `path: no member of A | B matches: B.x: expected number, got string`. */
function noMember(
  path: string,
  union: ObjectUnion,
  member: ObjectUnionMember,
  error: unknown,
): unknown {
  // Anything but a refusal is a bug in the decoder: it goes on as it is.
  if (error !== undefined && !(error instanceof RpcError)) return error;
  const inner = error instanceof RpcError ? error.message : `${path}: refused`;
  const rest = inner.startsWith(path) ? inner.slice(path.length) : `: ${inner}`;
  return invalidAt(path, `no member of ${union.what} matches: ${member.name}${rest}`);
}

/**
 * A copy of the arrays and plain objects in `value` (decoders fix those up in place); Dates,
 * bytes, Maps and Sets are shared, as decoders never change them.
 */
function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Date || value instanceof Uint8Array) return value;
  if (value instanceof Map || value instanceof Set) return value;
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = copyPlain((value as Record<string, unknown>)[key]);
  return copy;
}
