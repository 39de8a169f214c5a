import { isRpcCode, RpcCode } from "./code.js";

/** Options for {@link RpcError}. */
export interface RpcErrorOptions {
  /** Structured, serializable data for the caller (validation issues, retry hints). */
  readonly details?: unknown;
  /** Local cause; never sent over the wire. */
  readonly cause?: unknown;
}

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

  constructor(code: RpcCode, message: string, options: RpcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
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

  /** The wire form: code, message and (when present) details. */
  toJSON(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds an error received from a peer; an unknown code becomes `unknown`. */
  static fromWire(value: unknown): RpcError {
    if (typeof value !== "object" || value === null) {
      return new RpcError(RpcCode.Unknown, "peer sent a malformed error");
    }
    const { code, message, details } = value as Record<string, unknown>;
    const text = typeof message === "string" ? message : "";
    if (!isRpcCode(code)) {
      return new RpcError(RpcCode.Unknown, `peer sent unknown code ${String(code)}: ${text}`);
    }
    return new RpcError(code, text, details === undefined ? {} : { details });
  }
}

/** An error as it travels between peers. */
export interface WireError {
  readonly code: RpcCode;
  readonly message: string;
  readonly details?: unknown;
}
