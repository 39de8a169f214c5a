/**
 * The few members of a WebSocket this package uses, written structurally so that the
 * browser's built-in `WebSocket`, Node's (22 and later, from undici) and the `ws` package's
 * all fit without the DOM library or `ws` leaking into the other's type checking.
 */
export interface WebSocketLike {
  /**
   * How binary messages arrive. The channel sets `"arraybuffer"` unless it finds `"nodebuffer"`
   * (the `ws` package's zero-copy default): a `Blob` could only be read asynchronously.
   */
  binaryType: string;
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Bytes queued by `send` and not yet handed to the network. */
  readonly bufferedAmount: number;
  /**
   * Sends one binary message. Typed `Uint8Array<ArrayBuffer>` because the DOM's `send` refuses
   * views of a `SharedArrayBuffer`; frames never are.
   */
  send(data: Uint8Array<ArrayBuffer>): void;
  /** Starts the closing handshake (or abandons a connection still being opened). */
  close(code?: number, reason?: string): void;
  /** Listeners stay for the socket's lifetime, so removing them is never needed. */
  addEventListener(type: WebSocketEventType, listener: (event: WebSocketEventLike) => void): void;
}

/** The events a {@link WebSocketLike} is listened to for. */
export type WebSocketEventType = "open" | "message" | "close" | "error";

/**
 * What the listeners read from an event: `data` of a message, `code` and `reason` of a close,
 * and, where the implementation provides them (the `ws` package and undici do, browsers do
 * not), `error` and `message` of an error.
 */
export interface WebSocketEventLike {
  readonly type: string;
  readonly data?: unknown;
  readonly code?: number;
  readonly reason?: string;
  readonly error?: unknown;
  readonly message?: string;
}

/**
 * A WebSocket constructor: `globalThis.WebSocket` in browsers and Node 22+, or the `ws`
 * package's `WebSocket` (the `./node` entry passes one configured with `maxPayload`).
 */
export type WebSocketConstructorLike = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;

/** `readyState` values, as the WebSocket standard numbers them. */
export const ReadyState = { Connecting: 0, Open: 1, Closing: 2, Closed: 3 } as const;

/** The `ws` package's error code when `maxPayload` refuses a message before buffering it. */
export const wsPayloadTooBig = "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";
