import { isRpcCode, RpcCode } from "./code.js";

/** Options for {@link RpcError}. */
export interface RpcErrorOptions {
  /** Structured, serializable data for the caller (validation issues, retry hints). */
  readonly details?: unknown;
  /** Local cause; never sent over the wire. */
  readonly cause?: unknown;
  /**
   * The name of the declared error this is (the error interface's name, e.g. `OutOfArea`).
   * Handlers raise declared errors with `ctx.error(...)`, which sets it.
   */
  readonly type?: string;
}

/**
 * Longest `type` accepted from a peer. Type names are interface names; anything longer is
 * not one, and keeping it would let a peer make every log line and message carrying it huge.
 */
export const maxErrorTypeLength = 256;

/**
 * The one error type of rpcgen. Every failure a caller can see, whether raised by a handler,
 * a validator, a limit or a broken connection, arrives as an `RpcError` with a code from the
 * closed set in {@link RpcCode}.
 */
export class RpcError extends Error {
  override readonly name = "RpcError";
  /** The status code. */
  readonly code: RpcCode;
  /** Serializable details, sent to the peer along with code and message. */
  readonly details: unknown;
  /**
   * The declared error's name (e.g. `OutOfArea`) when this is one of the errors a method
   * declares with `@throws`; undefined for every other error.
   */
  readonly type: string | undefined;

  constructor(code: RpcCode, message: string, options: RpcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.type = options.type;
  }

  /**
   * Turns anything thrown into an `RpcError`. An `RpcError` is returned as is; an `AbortError`
   * becomes `cancelled`; anything else becomes `fallback` (default `internal`) with a generic
   * message, so that stacks and internal messages never cross the wire. The original value is
   * kept as `cause` for local logging.
   */
  static from(reason: unknown, fallback: RpcCode = RpcCode.Internal): RpcError {
    if (reason instanceof RpcError) return reason;
    if (reason instanceof Error && reason.name === "AbortError") {
      return new RpcError(RpcCode.Cancelled, "the call was cancelled", { cause: reason });
    }
    if (reason instanceof Error && reason.name === "TimeoutError") {
      return new RpcError(RpcCode.DeadlineExceeded, "the call timed out", { cause: reason });
    }
    return new RpcError(
      fallback,
      fallback === RpcCode.Internal ? "internal error" : String(reason),
      {
        cause: reason,
      },
    );
  }

  /** The wire form: code, message and (when present) type and details. */
  toJSON(): WireError {
    const { code, message, type, details } = this;
    if (type === undefined) {
      return details === undefined ? { code, message } : { code, message, details };
    }
    return details === undefined ? { code, message, type } : { code, message, type, details };
  }

  /**
   * Rebuilds an error received from a peer; an unknown code becomes `unknown`. A `type` that
   * is not a non-empty string of at most {@link maxErrorTypeLength} characters is dropped:
   * the error then arrives as a plain one with its code and message.
   */
  static fromWire(value: unknown): RpcError {
    if (typeof value !== "object" || value === null) {
      return new RpcError(RpcCode.Unknown, "peer sent a malformed error");
    }
    const { code, message, type, details } = value as Record<string, unknown>;
    const text = typeof message === "string" ? message : "";
    if (!isRpcCode(code)) {
      return new RpcError(RpcCode.Unknown, `peer sent unknown code ${String(code)}: ${text}`);
    }
    if (typeof type !== "string" || type.length === 0 || type.length > maxErrorTypeLength) {
      return new RpcError(code, text, details === undefined ? {} : { details });
    }
    return new RpcError(code, text, details === undefined ? { type } : { type, details });
  }
}

/** An error as it travels between peers. */
export interface WireError {
  readonly code: RpcCode;
  readonly message: string;
  /** The declared error's name, for errors a method declares (see {@link RpcError.type}). */
  readonly type?: string;
  readonly details?: unknown;
}
