import { type ChildProcess, spawn } from "node:child_process";
import {
  type ClientSession,
  type ClientSessionOptions,
  type ConnectionAttempt,
  openSession,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import { StderrTail } from "./stderr-tail.js";
import { StdioChannel } from "./stdio-channel.js";
import type { ChildExit, StderrOption } from "./transport-options.js";

/**
 * After the child exits, how long to wait for its stdout and stderr to end before reporting:
 * frames it wrote just before exiting are still read, and its last stderr lines make it into
 * the message. A grandchild holding the pipes open cannot stretch this.
 */
const exitSettleMs = 200;
/**
 * After the child's stdout ends or a pipe breaks, how long to wait for its exit status before
 * reporting without it (a child may close stdout and live on).
 */
const exitWaitMs = 1000;

/** Everything one child needs. */
export interface ChildTarget {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string | undefined;
  readonly env: NodeJS.ProcessEnv | undefined;
  readonly stderr: StderrOption;
  readonly session: ClientSessionOptions;
  /** Bounds spawning and the protocol handshake together. */
  readonly timeoutMs: number;
  /** SIGTERM to SIGKILL when ending the child. */
  readonly graceMs: number;
  /** Names the transport in errors. */
  readonly url: string;
  /** The command as one line, for messages. */
  readonly commandLine: string;
  /** Called once the child exists (has a pid) and once it has exited. */
  readonly onSpawn: (child: ChildProcess) => void;
  readonly onExit: (child: ChildProcess, exit: ChildExit) => void;
}

/**
 * Spawns the child and runs the handshake over its stdin/stdout. The child lives exactly as
 * long as the channel: when the session closes the channel (client close, protocol error, a
 * failed handshake) the child's stdin is ended and it gets SIGTERM, then SIGKILL after
 * `graceMs`. When the child dies first, the session learns it from the exit status, not from
 * a bare "pipe closed", so every failed call names the command, the code or signal and the
 * end of its stderr.
 */
export function startChild(target: ChildTarget): ConnectionAttempt {
  const child = spawn(target.command, [...target.args], {
    ...(target.cwd === undefined ? {} : { cwd: target.cwd }),
    ...(target.env === undefined ? {} : { env: target.env }),
    stdio: ["pipe", "pipe", target.stderr === "inherit" ? "inherit" : "pipe"],
    windowsHide: true,
  });
  return new ChildAttempt(child, target);
}

/**
 * Spawn errors that a retry cannot fix: no such program (or working directory), not allowed to
 * run it, not an executable. Others (EAGAIN, EMFILE, ENOMEM) are about the moment, and retried.
 */
const permanentSpawnErrors = new Set(["ENOENT", "EACCES", "EPERM", "ENOTDIR", "ENOEXEC", "EISDIR"]);

class ChildAttempt implements ConnectionAttempt {
  readonly session: Promise<ClientSession>;
  readonly closed: Promise<void>;
  permanent = false;
  readonly #child: ChildProcess;
  readonly #target: ChildTarget;
  readonly #channel: StdioChannel;
  readonly #tail: StderrTail | undefined;
  #exit: ChildExit | undefined;
  /** A stream failure waiting for the exit status, to be reported with it. */
  #pending: RpcError | undefined;
  #stdoutDone = false;
  #settleExpired = false;
  #waitTimer: ReturnType<typeof setTimeout> | undefined;
  #killTimer: ReturnType<typeof setTimeout> | undefined;
  #terminating = false;
  #settled = false;
  #resolve!: (session: ClientSession) => void;
  #reject!: (error: RpcError) => void;

  constructor(child: ChildProcess, target: ChildTarget) {
    this.#child = child;
    this.#target = target;
    this.session = new Promise<ClientSession>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#tail =
      child.stderr === null
        ? undefined
        : new StderrTail(
            child.stderr,
            typeof target.stderr === "function" ? target.stderr : undefined,
          );
    this.#channel = new StdioChannel(child.stdout!, child.stdin!, this.#peer(), {
      interceptFailure: (error) => this.#streamFailed(error),
      onLocalClose: () => this.#terminate(),
    });
    this.closed = new Promise<void>((resolve) => {
      child.once("exit", (code, signal) => {
        this.#exited({ pid: child.pid ?? 0, code, signal });
        resolve();
      });
      // A child that could not be started emits 'error' and 'close' but never 'exit'.
      child.once("close", () => {
        clearTimeout(this.#killTimer);
        resolve();
      });
    });
    child.on("error", (error) => this.#spawnFailed(error));
    child.once("spawn", () => this.#spawned());
  }

  abort(reason: string): void {
    const error = new RpcError(RpcCode.Unavailable, reason);
    this.#fail(error);
    this.#channel.fail(error);
    this.#terminate();
  }

  #spawned(): void {
    this.#target.onSpawn(this.#child);
    const { session, url, timeoutMs } = this.#target;
    openSession(this.#channel, { ...session, url, timeoutMs }).then(
      (s) => {
        if (this.#settled) {
          void s.close();
          return;
        }
        this.#settled = true;
        this.#resolve(s);
      },
      (error: RpcError) => {
        this.#fail(error);
        this.#terminate();
      },
    );
  }

  #spawnFailed(error: Error): void {
    // After a successful spawn, 'error' means a signal could not be delivered: the exit (or
    // the grace timer) still settles everything, so it only must not go unhandled.
    if (this.#child.pid !== undefined) return;
    const code = (error as NodeJS.ErrnoException).code;
    this.permanent = code !== undefined && permanentSpawnErrors.has(code);
    this.#fail(
      new RpcError(
        RpcCode.Unavailable,
        `cannot connect to ${this.#target.url}: cannot start ${this.#target.commandLine}: ${error.message}`,
        { cause: error },
      ),
    );
  }

  #fail(error: RpcError): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(error);
  }

  /** Ends the child: stdin closed (by the channel), SIGTERM now, SIGKILL after the grace. */
  #terminate(): void {
    if (this.#terminating || this.#exit !== undefined) return;
    this.#terminating = true;
    const child = this.#child;
    if (child.stdin?.writable === true) child.stdin.end();
    child.kill("SIGTERM");
    this.#killTimer = setTimeout(() => child.kill("SIGKILL"), this.#target.graceMs);
  }

  #streamFailed(error: RpcError): void {
    this.#pending ??= error;
    this.#stdoutDone = true;
    if (this.#exit === undefined) {
      this.#waitTimer ??= setTimeout(
        () => this.#channel.fail(this.#named(this.#pending!)),
        exitWaitMs,
      );
      this.#waitTimer.unref();
      return;
    }
    this.#settle();
  }

  #exited(exit: ChildExit): void {
    this.#exit = exit;
    clearTimeout(this.#killTimer);
    clearTimeout(this.#waitTimer);
    this.#target.onExit(this.#child, exit);
    setTimeout(() => {
      this.#settleExpired = true;
      this.#settle();
      // Whatever still holds the pipes (a grandchild) must not keep them open for us.
      this.#child.stdout?.destroy();
    }, exitSettleMs).unref();
    this.#tail?.whenEnded(() => this.#settle());
    this.#settle();
  }

  /** Reports the exit once stdout and stderr are drained, or the settle time is over. */
  #settle(): void {
    if (this.#exit === undefined) return;
    const drained = this.#stdoutDone && (this.#tail === undefined || this.#tail.ended);
    if (!drained && !this.#settleExpired) return;
    this.#channel.fail(this.#exitError(this.#exit, this.#pending));
  }

  #exitError(exit: ChildExit, cause: RpcError | undefined): RpcError {
    const how =
      exit.signal === null ? `exited with code ${exit.code}` : `was killed by ${exit.signal}`;
    const lines = this.#tail?.lines();
    const stderr =
      lines === undefined ? "" : `; the last lines of its stderr:\n${lines.join("\n")}`;
    return new RpcError(
      RpcCode.Unavailable,
      `child process ${this.#target.commandLine} (pid ${exit.pid}) ${how}${stderr}`,
      cause === undefined ? {} : { cause },
    );
  }

  /**
   * Short on purpose: handshake errors are prefixed with the url (the command line) already,
   * and later failures are named with the command line when reported.
   */
  #peer(): string {
    return `child pid ${this.#child.pid ?? "(not started)"}`;
  }

  /** A stream failure reported without an exit status still names the command. */
  #named(error: RpcError): RpcError {
    return new RpcError(
      RpcCode.Unavailable,
      `child process ${this.#target.commandLine}: ${error.message}`,
      { cause: error },
    );
  }
}
