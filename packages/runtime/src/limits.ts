/** Limits a session enforces. Every one has a default and every one names itself in errors. */
export interface SessionLimits {
  /** Largest frame this side accepts, in bytes. Default 4 MiB. */
  readonly maxFrameBytes: number;
  /** Calls one connection may have open at once (server side). Default 1000. */
  readonly maxConcurrentCalls: number;
  /** Time allowed for the handshake, in ms. Default 10 000. */
  readonly handshakeTimeoutMs: number;
  /**
   * Stream messages this side buffers per call before the sender must wait. Default 1024.
   */
  readonly streamWindow: number;
  /**
   * Server side: bytes one connection may hold queued for writing (sent by the session, not yet
   * taken by the operating system) on channels that report it (TCP, Unix, TLS, stdio and the
   * WebSocket server's).
   * Response-stream messages wait while more than a sixteenth of it is queued; a connection
   * whose queue still grows past it (replies to a client that stopped reading) is closed with a
   * `resource_exhausted` GOAWAY. Default 16 MiB.
   */
  readonly maxQueuedBytes: number;
  /** Quiet time after which a ping is sent, in ms; 0 turns keepalive off. Default 30 000. */
  readonly keepaliveIntervalMs: number;
  /** Time a ping may go unanswered before the peer counts as dead, in ms. Default 10 000. */
  readonly keepaliveTimeoutMs: number;
}

/** The defaults of {@link SessionLimits}. */
export const defaultLimits: SessionLimits = {
  maxFrameBytes: 4 * 1024 * 1024,
  maxConcurrentCalls: 1000,
  handshakeTimeoutMs: 10_000,
  streamWindow: 1024,
  maxQueuedBytes: 16 * 1024 * 1024,
  keepaliveIntervalMs: 30_000,
  keepaliveTimeoutMs: 10_000,
};

/** Fills unset limits with defaults. */
export function resolveLimits(limits: Partial<SessionLimits> | undefined): SessionLimits {
  return limits === undefined ? defaultLimits : { ...defaultLimits, ...limits };
}
