import type { ClientTransport, SessionLimits } from "@rpcgen/runtime";

/** What a transport under test provides to the conformance suite. */
export interface ConformanceTarget {
  /** Shown in test names and the result matrix, e.g. `tcp`. */
  readonly name: string;
  /**
   * Starts a server hosting `TestService` (test/fixtures/echo-service.ts) with the given
   * server limits, for real transports in a separate process, and returns a client transport
   * connected to it.
   */
  start(options: TargetOptions): Promise<TargetInstance>;
}

export interface TargetOptions {
  /** Limits for the server's sessions (the client keeps the defaults unless `clientLimits`). */
  readonly serverLimits?: Partial<SessionLimits>;
  readonly clientLimits?: Partial<SessionLimits>;
}

export interface TargetInstance {
  readonly transport: ClientTransport;
  /** Kills the server abruptly (kill -9 for a child process, drop the channel in memory). */
  killServer(): Promise<void>;
  /** Closes the client and stops the server. */
  stop(): Promise<void>;
}
