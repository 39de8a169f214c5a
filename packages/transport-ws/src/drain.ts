/**
 * The byte stream under a WebSocket, where one is at hand: on Node the connection the upgrade
 * request came on (`request.socket`), which `ws` writes every message to. Its `'drain'` event
 * says when the bytes `bufferedAmount` counts have all been taken by the operating system;
 * a WebSocket itself has no such event, in browsers or in `ws`.
 */
export interface DrainableStream {
  /** True while written bytes wait and `'drain'` is still to come. */
  readonly writableNeedDrain: boolean;
  readonly destroyed: boolean;
  on(event: "drain" | "close", listener: () => void): unknown;
  off(event: "drain" | "close", listener: () => void): unknown;
}

/**
 * Resolves once `stream` has drained or closed. `flush` runs first, after the listeners are
 * on, so that frames still batched leave now and the `'drain'` that follows covers them.
 */
export function waitForDrain(stream: DrainableStream, flush: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
    flush();
    // No 'drain' is coming: the flush went straight to the kernel, or what waits is below the
    // stream's high-water mark. The caller looks at the queue again after this turn's I/O (a
    // microtask would let it spin without ever giving the kernel a chance to take the bytes).
    if (!stream.writableNeedDrain || stream.destroyed) setImmediate(done);
  });
}
