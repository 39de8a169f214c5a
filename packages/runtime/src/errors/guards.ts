import type { MethodDescriptor, ServiceDescriptor } from "../descriptor.js";
import { declarationOf, isDeclared } from "./declared.js";
import { RpcError } from "./rpc-error.js";

/**
 * One type guard per method of a service's declared-errors map `E`: `guards.shortestPath(err)`
 * is true when `err` is one of the errors `shortestPath` declares, and narrows it to their
 * union, so a `switch (err.type)` sees each error's typed details.
 */
export type ErrorGuards<E> = {
  readonly [M in keyof E]-?: (error: unknown) => error is NonNullable<E[M]>;
};

/**
 * The type guards of a service's declared errors, for callers that `switch` on them:
 *
 * ```ts
 * const isPathServiceError = errorGuards(PathServiceDef);
 * try {
 *   route = await path.shortestPath(req);
 * } catch (err) {
 *   if (!isPathServiceError.shortestPath(err)) throw err;
 *   if (err.type === "OutOfArea") console.log(err.details.point);
 * }
 * ```
 *
 * A guard accepts an error whose type the method declares, with the declared code, and whose
 * details are known to match: checked by the client that received it, or raised with
 * `ctx.error`. An error whose type the client does not know stays a plain `RpcError` the guard
 * refuses.
 */
export function errorGuards<S, E>(descriptor: ServiceDescriptor<S, E>): ErrorGuards<E> {
  const guards: Record<string, (error: unknown) => boolean> = {};
  for (const [key, method] of Object.entries(descriptor.methods)) guards[key] = guardOf(method);
  return guards as ErrorGuards<E>;
}

function guardOf(method: MethodDescriptor): (error: unknown) => boolean {
  if (method.errors === undefined) return () => false;
  return (error) => {
    if (!(error instanceof RpcError) || error.type === undefined) return false;
    return declarationOf(method, error.type)?.code === error.code && isDeclared(error);
  };
}
