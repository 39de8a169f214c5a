import type {
  CodecName,
  ConnectionTransport,
  ConnectionTransportOptions,
  SessionLimits,
} from "@rpcgen/runtime";

/**
 * Where a spawned child's stderr goes. `"inherit"` (the default): straight to this process's
 * stderr, the same file descriptor, so ordering and terminal colours are kept. `"pipe"`: read
 * by the transport and kept out of sight, except that the last lines are quoted in the error
 * reporting the child's exit. A function: called with every line (without its newline); the
 * last lines are quoted too.
 */
export type StderrOption = "inherit" | "pipe" | ((line: string) => void);

/** How a child process ended, as Node reports it: one of `code` and `signal` is set. */
export interface ChildExit {
  readonly pid: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Options for {@link spawnStdio}. `reconnect` decides whether a child that died is replaced:
 * by default the next call spawns a new one (with backoff between children that fail before
 * the handshake); with `reconnect: false` the transport runs one child only, and once it has
 * exited every call fails with `unavailable` saying how it ended. `connectAttempts` and
 * `waitForReady` set the connect budget as described on `ConnectionTransportOptions`.
 */
export interface SpawnStdioOptions extends ConnectionTransportOptions {
  /** Working directory of the child. Default: this process's. */
  readonly cwd?: string;
  /** Environment of the child. Default: this process's `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the child's stderr goes. Default `"inherit"`. */
  readonly stderr?: StderrOption;
  /** Codec to ask the server for. Default `"msgpack"`. */
  readonly codec?: CodecName;
  /** Limits of the client session; unset ones take the runtime's defaults. */
  readonly limits?: Partial<SessionLimits>;
  /**
   * Time allowed for starting the child and completing the protocol handshake, and (unless
   * `waitForReady`) for a call to wait for a child that answers, in ms. A child that has not
   * answered by then is ended and the attempt fails `unavailable`. Default 10 000.
   */
  readonly connectTimeoutMs?: number;
  /**
   * How long a child may take to exit after its stdin is closed and it got SIGTERM, before it
   * gets SIGKILL, in ms. Default 2000.
   */
  readonly graceMs?: number;
  /** Called whenever a child exits, whatever the reason; for logging and supervision. */
  readonly onExit?: (exit: ChildExit) => void;
}

/**
 * A {@link ConnectionTransport} over a child process's stdin and stdout. `url` is
 * `stdio:<command line>`; `state` is `open` while a child is running and has completed the
 * handshake.
 */
export interface StdioTransport extends ConnectionTransport {
  /**
   * The pid of the running child, or `undefined` while none is (before the first call, after
   * it exited, or after `close()`).
   */
  readonly pid: number | undefined;
}
