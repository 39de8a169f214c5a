import type { ChildProcess } from "node:child_process";
import {
  type CallSpec,
  type ConnectionAttempt,
  type ConnectionState,
  type ConnectionTransport,
  type Connector,
  connectionTransport,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import { type ChildTarget, startChild } from "./child.js";
import { commandLine } from "./command-line.js";
import type { ChildExit, SpawnStdioOptions, StdioTransport } from "./transport-options.js";

/**
 * Creates a client transport that runs `command` as a child process and talks to it over its
 * stdin and stdout; the child is expected to call {@link serveStdio}. Like every stream
 * transport it is lazy: the child is spawned on the first call (or
 * {@link StdioTransport.connect}) and all calls are multiplexed over its pipes. Calls wait for
 * its handshake within the connect budget (`connectAttempts` children in a row failing before
 * the handshake, default 3, or `connectTimeoutMs`, default 10 s, or their deadline, whichever
 * comes first; only the deadline with `waitForReady`). A command that cannot be started at all
 * (ENOENT, EACCES) fails every waiting call at once with `unavailable` and the spawn error,
 * without retrying.
 *
 * When the child exits or crashes, every call in flight fails at once with `unavailable`
 * naming the command and its exit code or signal (and the last lines of its stderr when that
 * is piped). By default the next call spawns a new child; `reconnect: false` keeps it to one.
 * A child that prints text on stdout or never answers fails the attempt with `unavailable`
 * saying so, and is ended. `close()` closes the child's stdin and sends SIGTERM, then SIGKILL
 * after `graceMs`, and resolves once it has exited.
 *
 * @param command - the program, looked up on `PATH` like `child_process.spawn` does.
 * @param args - its arguments, passed as they are (no shell).
 */
export function spawnStdio(
  command: string,
  args: readonly string[] = [],
  options: SpawnStdioOptions = {},
): StdioTransport {
  const graceMs = options.graceMs ?? 2000;
  if (!(graceMs >= 0)) throw new RangeError("graceMs must be >= 0");
  const line = commandLine(command, args);
  const connector = new ChildConnector(
    {
      command,
      args: [...args],
      cwd: options.cwd,
      env: options.env,
      stderr: options.stderr ?? "inherit",
      session: {
        ...(options.codec === undefined ? {} : { codec: options.codec }),
        ...(options.limits === undefined ? {} : { limits: options.limits }),
      },
      graceMs,
      url: `stdio:${line}`,
      commandLine: line,
    },
    options.reconnect !== false,
    options.onExit,
  );
  const transport = connectionTransport(connector, options);
  return new SpawnedTransport(transport, connector);
}

/** Spawns one child per connection attempt and remembers which one is running. */
class ChildConnector implements Connector {
  readonly url: string;
  readonly #target: Omit<ChildTarget, "onSpawn" | "onExit" | "timeoutMs">;
  readonly #respawn: boolean;
  readonly #onExit: ((exit: ChildExit) => void) | undefined;
  #running: ChildProcess | undefined;
  #started = false;
  /** How the last child ended, for the refusal when respawning is off. */
  #lastEnd: string | undefined;
  /** Why the last attempt failed, when the child never got as far as exiting. */
  #lastError: string | undefined;

  constructor(
    target: Omit<ChildTarget, "onSpawn" | "onExit" | "timeoutMs">,
    respawn: boolean,
    onExit: ((exit: ChildExit) => void) | undefined,
  ) {
    this.url = target.url;
    this.#target = target;
    this.#respawn = respawn;
    this.#onExit = onExit;
  }

  get pid(): number | undefined {
    return this.#running?.pid;
  }

  connect({ timeoutMs }: { readonly timeoutMs: number }): ConnectionAttempt {
    if (this.#started && !this.#respawn) return this.#refuse();
    this.#started = true;
    const attempt = startChild({
      ...this.#target,
      timeoutMs,
      onSpawn: (child) => {
        this.#running = child;
      },
      onExit: (child, exit) => {
        if (this.#running === child) this.#running = undefined;
        this.#lastEnd =
          exit.signal === null ? `exited with code ${exit.code}` : `was killed by ${exit.signal}`;
        if (this.#onExit === undefined) return;
        try {
          this.#onExit(exit);
        } catch (error) {
          // Thrown from an 'exit' listener it would crash the process; report it instead.
          process.emitWarning(error instanceof Error ? error : String(error), {
            code: "RPCGEN_ONEXIT_CALLBACK",
          });
        }
      },
    });
    attempt.session.catch((error: RpcError) => {
      this.#lastError = error.message;
    });
    return attempt;
  }

  /** With `reconnect: false` the first child is the only one: later attempts fail at once. */
  #refuse(): ConnectionAttempt {
    const why =
      this.#lastEnd !== undefined
        ? `the child process ${this.#lastEnd}`
        : `the only child failed (${this.#lastError ?? "it is gone"})`;
    const error = new RpcError(
      RpcCode.Unavailable,
      `cannot connect to ${this.url}: ${why} and respawning is off (reconnect: false)`,
    );
    return {
      session: Promise.reject(error),
      closed: Promise.resolve(),
      abort: () => {},
    };
  }
}

/** The connection transport plus the running child's pid. */
class SpawnedTransport implements StdioTransport {
  readonly #inner: ConnectionTransport;
  readonly #connector: ChildConnector;

  constructor(inner: ConnectionTransport, connector: ChildConnector) {
    this.#inner = inner;
    this.#connector = connector;
  }

  get url(): string {
    return this.#inner.url;
  }

  get state(): ConnectionState {
    return this.#inner.state;
  }

  get pid(): number | undefined {
    return this.#connector.pid;
  }

  unary(call: CallSpec, input: unknown): Promise<unknown> {
    return this.#inner.unary(call, input);
  }

  stream(call: CallSpec, input: unknown): AsyncIterable<unknown> {
    return this.#inner.stream(call, input);
  }

  connect(): Promise<void> {
    return this.#inner.connect();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
