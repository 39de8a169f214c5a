/** What the example's service processes share: the transport flag and a clean shutdown. */

/** Exits with a usage error unless `transport` is one this build serves. */
export function requireTcp(service: string, transport: string | undefined): void {
  if (transport === undefined || transport === "tcp") return;
  console.error(
    `${service}: --transport ${transport} is not available yet; this build serves tcp (http, ws and stdio arrive with their transport packages)`,
  );
  process.exit(2);
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits 0 (1 if stopping failed): listeners drain,
 * calls in flight finish, connections close.
 */
export function stopOnSignal(stop: () => Promise<unknown>): void {
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
}
