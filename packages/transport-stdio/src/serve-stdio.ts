import type { Readable, Writable } from "node:stream";
import type { Server, ServerConnection } from "@rpcgen/runtime";
import { StdioChannel } from "./stdio-channel.js";
import { redirectStdout, type StdoutRedirect } from "./stdout-redirect.js";

/** Options for {@link serveStdio}. */
export interface ServeStdioOptions {
  /**
   * How long calls in flight may go on once stdin has ended or {@link StdioServing.close} was
   * called, in ms; after that they fail with `unavailable` and their handlers' signals abort.
   * Default 5000.
   */
  readonly graceMs?: number;
  /** Where frames arrive. Default `process.stdin`. */
  readonly input?: Readable;
  /**
   * Where frames go. Default `process.stdout`, in which case console output is redirected to
   * stderr while serving. Another stream is used as it is, and ended on close.
   */
  readonly output?: Writable;
}

/** A server being served on stdio, returned by {@link serveStdio}. */
export interface StdioServing {
  /**
   * Resolves once serving has ended and every frame has been handed to the operating system:
   * the parent closed our stdin and the calls in flight finished (or ran out of grace), or
   * {@link StdioServing.close} finished, or the pipe broke. Never rejects. Console output goes
   * back to stdout at this point; the program should exit now (see the package README).
   */
  readonly closed: Promise<void>;
  /**
   * Shuts down gracefully: a goaway tells the parent to send no new calls, calls in flight
   * finish for up to `graceMs` (default: the `graceMs` given to `serveStdio`), then the
   * connection closes and stdin is no longer read. Resolves with {@link StdioServing.closed}.
   * Idempotent.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
  /** Calls in flight right now. */
  readonly activeCalls: number;
}

/** True while a serveStdio owns this process's stdout. */
let ownsProcessStdout = false;

/**
 * Serves `server` to the parent process over this process's stdin and stdout: the counterpart
 * of {@link spawnStdio}. One connection, the same framing and protocol as TCP.
 *
 * **stdout belongs to the frames.** Before anything else, the real `process.stdout.write` is
 * captured for the frames; from then on `console.log`, `console.info`, `console.debug`,
 * `console.dir` and `process.stdout.write` go to stderr, which the parent passes through or
 * collects. A byte printed to stdout before `serveStdio` is called, or written to file
 * descriptor 1 directly, corrupts the stream, and the parent reports the text it found.
 *
 * **Lifecycle.** When stdin ends (the parent closed it, exited or died), the server drains: a
 * goaway, calls in flight finish for up to `graceMs`, then the connection closes and
 * `closed` resolves. Nothing else keeps running on stdio's behalf, so a program whose own
 * work is done exits by itself; one that holds other resources should exit on `closed`.
 *
 * @throws Error if this process's stdout is already being served.
 */
export function serveStdio(server: Server, options: ServeStdioOptions = {}): StdioServing {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const ownStdout = output === process.stdout;
  if (ownStdout && ownsProcessStdout) {
    throw new Error("serveStdio is already serving on this process's stdout");
  }
  const defaultGraceMs = options.graceMs ?? 5000;
  if (!(defaultGraceMs >= 0)) throw new RangeError("graceMs must be >= 0");

  // The real writer is captured before anything else can print: from here on, stdout is ours.
  let redirect: StdoutRedirect | undefined;
  if (ownStdout) {
    ownsProcessStdout = true;
    redirect = redirectStdout();
  }

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let finished = false;
  let connection: ServerConnection | undefined;
  let shutdown: Promise<void> | undefined;

  // Runs once the session is gone, whoever ended it: flush, give stdout back, report.
  const finish = (): void => {
    if (finished) return;
    finished = true;
    void channel.flushed().then(() => {
      redirect?.restore();
      if (ownStdout) ownsProcessStdout = false;
      resolveClosed();
    });
  };

  const drain = (graceMs: number): Promise<void> => {
    shutdown ??= (async () => {
      const conn = connection!;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([conn.drain(), expired]);
      clearTimeout(timer);
      conn.abort();
      await closed;
    })();
    return shutdown;
  };

  const channel = new StdioChannel(input, output, `stdio:parent (pid ${process.ppid})`, {
    endOutput: !ownStdout,
    releaseInput: true,
    ...(redirect === undefined ? {} : { write: redirect.write }),
    // The parent closing our stdin is the normal way to stop: drain rather than fail calls.
    onInputEnd: () => void drain(defaultGraceMs),
    interceptFailure: (error, report) => {
      report(error);
      finish();
    },
    onLocalClose: finish,
  });
  connection = server.serve(channel);

  return {
    closed,
    close: (closeOptions = {}) => drain(closeOptions.graceMs ?? defaultGraceMs),
    get activeCalls() {
      return connection.activeCalls;
    },
  };
}
