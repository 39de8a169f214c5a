/**
 * `iterable`, calling `onEnd` once it is over: run to its end, failed, or left early. The
 * per-call session of a stream closes then.
 */
export function endingWith<T>(iterable: AsyncIterable<T>, onEnd: () => void): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const inner = iterable[Symbol.asyncIterator]();
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        onEnd();
      };
      return {
        next: () =>
          inner.next().then(
            (result) => {
              if (result.done) end();
              return result;
            },
            (error: unknown) => {
              end();
              throw error;
            },
          ),
        return: (value?: unknown) =>
          (
            inner.return?.(value) ?? Promise.resolve({ done: true as const, value: undefined })
          ).finally(end) as Promise<IteratorResult<T>>,
        throw: (error?: unknown) =>
          (inner.throw?.(error) ?? Promise.reject(error)).finally(end) as Promise<
            IteratorResult<T>
          >,
      };
    },
  };
}
