import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";

/**
 * Hello feature: a CALL may name its method by a small integer the client defined earlier on
 * the connection (`[path, id]` the first time, `id` after), so the path string is encoded and
 * decoded once per connection instead of once per call. docs/protocol.md, section 4.
 */
export const methodIdsFeature = "method-ids";

/** Method ids a client may define per connection: ids run from 0 to this minus one. */
export const maxMethodIds = 256;

/** Longest path, in UTF-16 code units, a method id may stand for. */
export const maxMethodIdPathLength = 256;

/** How a CALL names its method: the path, a method id, or `[path, id]` defining the id. */
export type MethodTarget = string | number | [string, number];

/** The client's side: the ids it defined on one connection, by path. */
export class ClientMethodIds {
  readonly #ids = new Map<string, number>();

  /** The id of `path`, a definition of the next id, or the path when the bounds are reached. */
  target(path: string): MethodTarget {
    const ids = this.#ids;
    const id = ids.get(path);
    if (id !== undefined) return id;
    if (ids.size >= maxMethodIds || path.length > maxMethodIdPathLength) return path;
    return [path, ids.size];
  }

  /** A CALL carrying `target` was sent: a definition in it now holds. */
  sent(path: string, target: MethodTarget): void {
    if (typeof target === "object") this.#ids.set(path, target[1]);
  }
}

/** A method id the client defined: its path and what the server found for it, once found. */
export interface MethodEntry<T> {
  readonly path: string;
  found: T | undefined;
}

/** The server's side: the ids the client defined on one connection, by id. */
export class ServerMethodIds<T> {
  readonly #entries: MethodEntry<T>[] = [];

  /**
   * The method a CALL names by id (`id`, or `[path, id]` defining the next id), or the
   * protocol error when the id was never defined or the definition is out of order or bounds.
   */
  resolve(target: unknown, callId: number): MethodEntry<T> | RpcError {
    const entries = this.#entries;
    if (typeof target === "number") {
      const entry = entries[target];
      if (entry !== undefined && Number.isInteger(target)) return entry;
      return new RpcError(
        RpcCode.InvalidArgument,
        `call ${callId} names method id ${target}, which the client never defined`,
      );
    }
    const next = entries.length;
    if (
      Array.isArray(target) &&
      target.length === 2 &&
      typeof target[0] === "string" &&
      target[0].length <= maxMethodIdPathLength &&
      target[1] === next &&
      next < maxMethodIds
    ) {
      const entry: MethodEntry<T> = { path: target[0], found: undefined };
      entries.push(entry);
      return entry;
    }
    return new RpcError(
      RpcCode.InvalidArgument,
      next < maxMethodIds
        ? `malformed method in call ${callId}: expected a path, a method id or [path of at most ${maxMethodIdPathLength} characters, ${next}]`
        : `call ${callId} defines more method ids than the limit of ${maxMethodIds}`,
    );
  }
}
