import type { ClientTransport, MethodKind, SessionLimits } from "@rpcgen/runtime";

/** What a transport under test provides to the conformance suite. */
export interface ConformanceTarget {
  /** Shown in test names and the result matrix, e.g. `tcp`. */
  readonly name: string;
  /**
   * Call kinds this transport cannot carry, each with the documented reason. Their cases then
   * check that such a call fails with `unimplemented` carrying that reason, and the matrix
   * shows them as unimplemented: never a silent skip.
   */
  readonly unsupported?: { readonly [K in MethodKind]?: string };
  /**
   * Bytes in the large_unary payload. Default 4 MiB - 64 KiB, just under the frame limit in
   * msgpack; text codecs that inflate bytes (base64 in JSON) set less.
   */
  readonly largeUnaryBytes?: number;
  /**
   * What bounds a server stream's run-ahead when the consumer is slow. `messages` (default):
   * the protocol's credit window, so at most `streamWindow` items. `bytes`: transport buffers
   * (HTTP/1.1 has no way to grant credit; the server stalls on socket backpressure), so the
   * bound is a byte count and the case checks that production stalls far short of the end.
   */
  readonly streamBound?: "messages" | "bytes";
  /**
   * How a call to a service no server has fails. Default `unimplemented`. A transport that
   * routes by name through a broker (NATS) cannot tell a service that does not exist from one
   * whose replicas are all down, and says `unavailable` (retry later) for both.
   */
  readonly unknownService?: "unimplemented" | "unavailable";
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
