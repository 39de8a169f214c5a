/** What the example's service processes share: announcing themselves and a clean shutdown. */
import type { Serving } from "./transports.js";

/**
 * Prints `listening on <url>` where the parent looks for it: stdout for a listening service,
 * stderr for one on stdio (its stdout carries frames).
 */
export function announce(serving: Serving): void {
  const line = `listening on ${serving.url}\n`;
  if (serving.url === "stdio:") process.stderr.write(line);
  else process.stdout.write(line);
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, or when serving ended on its own (a stdio service
 * whose parent closed its stdin), then exits 0 (1 if stopping failed): listeners drain, calls
 * in flight finish, connections close.
 */
export function stopOnSignal(serving: Serving, stop: () => Promise<unknown>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("shutdown failed:", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", handler);
  process.once("SIGINT", handler);
  void serving.ended.then(handler);
}
