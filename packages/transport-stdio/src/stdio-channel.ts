import type { Readable, Writable } from "node:stream";
import {
  type FrameChannel,
  type FrameSink,
  LengthPrefixedDecoder,
  LengthPrefixedWriter,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import { previewBytes } from "./preview.js";

/**
 * How a {@link StdioChannel} treats its streams beyond the generic contract. Internal: the
 * spawning client and `serveStdio` each need a little more than a plain byte pipe.
 */
export interface StdioChannelHooks {
  /**
   * End `writable` on `close()`. Default true (a child's stdin: the end is how it learns we
   * left). False for the process's own stdout, which Node never really closes.
   */
  readonly endOutput?: boolean;
  /**
   * Stop reading `readable` on `close()` so it no longer keeps the event loop alive. Default
   * false: keep reading and dropping, so the peer never blocks on a full pipe while it exits.
   */
  readonly releaseInput?: boolean;
  /**
   * Called instead of reporting a clean end of input (not in the middle of a frame), so the
   * owner can drain instead of failing every call.
   */
  readonly onInputEnd?: () => void;
  /**
   * Receives every failure before the session does and decides when and how it is reported,
   * e.g. to wait for the child's exit status and name it.
   */
  readonly interceptFailure?: (error: RpcError, report: (error: RpcError) => void) => void;
  /** Runs once on the first local `close()`, after queued frames were handed to `writable`. */
  readonly onLocalClose?: () => void;
  /**
   * Writes frames with this instead of `writable.write`, e.g. the real `process.stdout.write`
   * captured before console output was redirected. `writable` still supplies errors and state.
   */
  readonly write?: (bytes: Uint8Array, done: (error?: Error | null) => void) => void;
}

/** Largest number of leading bytes kept to describe a peer that does not speak the protocol. */
const previewLimit = 64;

/**
 * A {@link FrameChannel} over a pair of byte streams: frames come in on `readable` and go out
 * on `writable`, each behind a 4-byte big-endian length, the same framing as TCP. Use it to
 * run the protocol over pipes you set up yourself (a child's stdio, a named pipe, an SSH
 * session); {@link spawnStdio} and {@link serveStdio} are built on it.
 *
 * Every length is checked against the session's `maxFrameBytes` before anything is buffered,
 * and frames sent during one turn of the event loop leave in one `writable.write`. A stream
 * error (EPIPE when the peer has gone, for instance) never crashes the process: it reaches the
 * session as `unavailable` naming `peer`, as does the end of `readable` ("truncated frame" when
 * it stops in the middle of a frame). Bytes that are not frames at all, typically text printed
 * to stdout, are reported as a protocol error that quotes them. `close()` flushes queued frames
 * and ends `writable`; `readable` is still read, and dropped, until the peer ends it.
 *
 * @param readable - where frames arrive (a child's stdout, `process.stdin`); taken over.
 * @param writable - where frames go (a child's stdin, `process.stdout`); taken over.
 * @param peer - how the remote end is named in errors, e.g. `stdio:worker.js`.
 */
export function stdioChannel(readable: Readable, writable: Writable, peer: string): FrameChannel {
  return new StdioChannel(readable, writable, peer, {});
}

/** The implementation behind {@link stdioChannel}, with the internal hooks. */
export class StdioChannel implements FrameChannel {
  readonly peer: string;
  readonly #readable: Readable;
  readonly #writable: Writable;
  readonly #hooks: StdioChannelHooks;
  readonly #writer: LengthPrefixedWriter;
  #sink: FrameSink | undefined;
  #decoder: LengthPrefixedDecoder | undefined;
  /** After a local close() nothing is reported and further input is dropped. */
  #closing = false;
  #reported = false;
  /** Why the streams failed before start(); reported once there is a sink. */
  #early: RpcError | undefined;
  /** The first bytes received, kept until the first frame to quote a peer that is not framing. */
  #preview: Uint8Array[] | undefined = [];
  #previewBytes = 0;
  #framed = false;
  /** Writes handed to `writable` whose callback has not run yet. */
  #unflushed = 0;
  #onFlushed: (() => void) | undefined;

  constructor(readable: Readable, writable: Writable, peer: string, hooks: StdioChannelHooks) {
    this.#readable = readable;
    this.#writable = writable;
    this.peer = peer;
    this.#hooks = hooks;
    const write = hooks.write ?? ((bytes, done) => writable.write(bytes, done));
    this.#writer = new LengthPrefixedWriter((bytes) => {
      // A flush scheduled before the pipe broke must not raise write-after-end.
      if (!writable.writable) return;
      this.#unflushed++;
      write(bytes, this.#written);
    });
    // Error listeners go on at once: an unhandled 'error' (EPIPE from a dead peer) would crash
    // the process, and a pipe can break before the session starts reading.
    readable.on("error", this.#onReadError);
    readable.on("end", this.#onEnd);
    readable.on("close", this.#onReadClose);
    writable.on("error", this.#onWriteError);
  }

  start(sink: FrameSink, limits: { readonly maxFrameBytes: number }): void {
    if (this.#sink !== undefined) throw new Error(`channel to ${this.peer} was already started`);
    this.#sink = sink;
    this.#decoder = new LengthPrefixedDecoder(
      {
        onFrame: (frame) => {
          if (!this.#framed) {
            this.#framed = true;
            this.#preview = undefined;
          }
          sink.onFrame(frame);
        },
        onProtocolError: (error) => sink.onProtocolError(this.#explain(error)),
      },
      limits.maxFrameBytes,
    );
    const early = this.#early;
    if (early !== undefined) {
      this.#early = undefined;
      sink.onClose(early);
      return;
    }
    // Reading starts only now, so bytes that arrived earlier wait in the stream (and the pipe)
    // rather than in ours: that is how frames before start() are held.
    this.#readable.on("data", this.#onData);
  }

  send(frame: Uint8Array, urgent?: boolean): void {
    if (!this.#closing) this.#writer.write(frame, urgent);
  }

  flush(): void {
    if (!this.#closing) this.#writer.flush();
  }

  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#writer.flush();
    if (this.#hooks.endOutput !== false && this.#writable.writable) this.#writable.end();
    if (this.#hooks.releaseInput === true) {
      this.#readable.off("data", this.#onData);
      this.#readable.pause();
    }
    this.#hooks.onLocalClose?.();
  }

  get queuedBytes(): number {
    return this.#writer.pendingBytes + this.#writable.writableLength;
  }

  drained(): Promise<void> {
    this.#writer.flush();
    const writable = this.#writable;
    if (writable.writableLength === 0 || !writable.writable) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        writable.off("drain", done);
        writable.off("close", done);
        resolve();
      };
      writable.on("drain", done);
      writable.on("close", done);
      if (!writable.writableNeedDrain) queueMicrotask(done);
    });
  }

  /** Resolves once every write handed to `writable` has completed (or failed). */
  flushed(): Promise<void> {
    this.#writer.flush();
    if (this.#unflushed === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.#onFlushed;
      this.#onFlushed = () => {
        previous?.();
        resolve();
      };
    });
  }

  /**
   * Reports a failure found outside the streams (the child exited) unless one was already
   * reported or the channel was closed locally.
   */
  fail(error: RpcError): void {
    if (this.#reported || this.#closing) return;
    this.#reported = true;
    const sink = this.#sink;
    if (sink === undefined) this.#early = error;
    else sink.onClose(error);
  }

  readonly #written = (): void => {
    this.#unflushed--;
    if (this.#unflushed <= 0) this.#settleFlushed();
  };

  #settleFlushed(): void {
    this.#unflushed = 0;
    const done = this.#onFlushed;
    this.#onFlushed = undefined;
    done?.();
  }

  readonly #onData = (chunk: Buffer | string): void => {
    // After close() input is still read, so the peer is never blocked on a full pipe, but dropped.
    if (this.#closing) return;
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (this.#preview !== undefined && this.#previewBytes < previewLimit) {
      this.#preview.push(bytes.subarray(0, previewLimit - this.#previewBytes));
      this.#previewBytes += Math.min(bytes.length, previewLimit - this.#previewBytes);
    }
    this.#decoder!.push(bytes);
  };

  readonly #onEnd = (): void => {
    if (this.#decoder?.midFrame === true) {
      this.#report(
        new RpcError(
          RpcCode.Unavailable,
          `input from ${this.peer} ended in the middle of a frame (truncated frame)`,
        ),
      );
      return;
    }
    const onInputEnd = this.#hooks.onInputEnd;
    if (onInputEnd !== undefined && !this.#closing && !this.#reported) {
      onInputEnd();
      return;
    }
    this.#report(new RpcError(RpcCode.Unavailable, `${this.peer} closed its output`));
  };

  readonly #onReadClose = (): void => {
    // 'close' without 'end' means the stream was destroyed; after a clean end it is a no-op.
    if (this.#readable.readableEnded) return;
    this.#report(new RpcError(RpcCode.Unavailable, `input from ${this.peer} was closed`));
  };

  readonly #onReadError = (error: Error): void => {
    this.#report(
      new RpcError(RpcCode.Unavailable, `cannot read from ${this.peer}: ${error.message}`, {
        cause: error,
      }),
    );
  };

  readonly #onWriteError = (error: Error): void => {
    // Nothing more will be written: whatever was pending is as flushed as it will ever be.
    this.#settleFlushed();
    this.#report(
      new RpcError(RpcCode.Unavailable, `cannot write to ${this.peer}: ${error.message}`, {
        cause: error,
      }),
    );
  };

  #report(error: RpcError): void {
    if (this.#reported || this.#closing) return;
    const intercept = this.#hooks.interceptFailure;
    if (intercept === undefined) this.fail(error);
    else intercept(error, (final) => this.fail(final));
  }

  /**
   * Adds what the bytes looked like to a framing error. On stdio the usual culprit is text
   * printed to stdout, and quoting it turns a puzzling "frame of 1819043176 bytes" into a fix.
   */
  #explain(error: RpcError): RpcError {
    const preview = this.#preview;
    const hint =
      preview === undefined
        ? `${error.message} (is something writing text into the frame stream, e.g. to stdout?)`
        : `${this.peer} does not speak the rpcgen protocol: its output starts with ${previewBytes(
            Buffer.concat(preview),
          )}, not a frame (is it printing to stdout?); ${error.message}`;
    return new RpcError(error.code, hint, { cause: error });
  }
}
