/**
 * Runs `interceptors` around `last` in onion order: the first interceptor is outermost. Each
 * may change the context before calling `next`, observe the outcome after it, or throw to
 * refuse the call.
 */
export function runInterceptors<C>(
  interceptors: readonly ((ctx: C, next: () => Promise<void>) => Promise<void>)[],
  ctx: C,
  last: () => Promise<void>,
): Promise<void> {
  const step = (index: number): Promise<void> => {
    const interceptor = interceptors[index];
    if (interceptor === undefined) return last();
    let called = false;
    return interceptor(ctx, () => {
      if (called) return Promise.reject(new Error("an interceptor called next() twice"));
      called = true;
      return step(index + 1);
    });
  };
  return step(0);
}
