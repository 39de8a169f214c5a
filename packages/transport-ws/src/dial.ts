import {
  type ClientSession,
  type ClientSessionOptions,
  type ConnectionAttempt,
  openSession,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import { describeClose } from "./close-codes.js";
import { errorText } from "./event-data.js";
import type {
  WebSocketConstructorLike,
  WebSocketEventLike,
  WebSocketLike,
} from "./websocket-like.js";
import { wsChannel } from "./ws-channel.js";

/** Everything one connection attempt needs. */
export interface WsDialTarget {
  /** The url the socket opens, query string included. */
  readonly url: string;
  /** Names the server in errors and in the channel's peer. */
  readonly name: string;
  readonly WebSocket: WebSocketConstructorLike;
  readonly protocols: string | string[] | undefined;
  readonly session: ClientSessionOptions;
  /** Bounds the WebSocket opening handshake and the protocol handshake together. */
  readonly timeoutMs: number;
  readonly maxBufferedBytes: number | undefined;
}

/**
 * Opens a WebSocket, then runs the protocol handshake over a {@link wsChannel}. The session is
 * created only once the socket is open, so a refused connection, a failed upgrade (404, an
 * origin the server refused, 403) or a timeout is one `unavailable` error naming the server and
 * the cause.
 */
export function dialWs(target: WsDialTarget): ConnectionAttempt {
  let socket: WebSocketLike;
  try {
    socket =
      target.protocols === undefined
        ? new target.WebSocket(target.url)
        : new target.WebSocket(target.url, target.protocols);
  } catch (error) {
    // A constructor throws for a url or protocol list it refuses (a SyntaxError in browsers).
    return {
      session: Promise.reject(cannotConnect(target, describe(error), error)),
      closed: Promise.resolve(),
      abort: () => {},
    };
  }
  const closed = new Promise<void>((resolve) => socket.addEventListener("close", () => resolve()));
  /** Until the socket opens, its events are ours; afterwards they belong to the channel. */
  let opening = true;
  let settled = false;
  let fail: (reason: string, cause?: unknown) => void = () => {};
  const session = new Promise<ClientSession>((resolve, reject) => {
    let failure: string | undefined;
    const timer = setTimeout(() => {
      fail(`no connection within connectTimeoutMs = ${target.timeoutMs} ms`);
    }, target.timeoutMs);
    fail = (reason, cause) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      closeQuietly(socket);
      reject(cannotConnect(target, reason, cause));
    };
    socket.addEventListener("error", (event: WebSocketEventLike) => {
      // Browsers say nothing about why (on purpose); `ws` and undici give the cause.
      if (opening) failure ??= errorText(event);
    });
    socket.addEventListener("close", (event: WebSocketEventLike) => {
      if (!opening) return;
      const how = describeClose(event.code, event.reason);
      fail(failure === undefined ? `the connection closed before it opened (${how})` : failure);
    });
    socket.addEventListener("open", () => {
      opening = false;
      if (settled) return;
      // The timer keeps running through the handshake: it bounds the attempt as a whole.
      const channel = wsChannel(socket, target.name, {
        ...(target.maxBufferedBytes === undefined
          ? {}
          : { maxBufferedBytes: target.maxBufferedBytes }),
      });
      openSession(channel, { ...target.session, url: target.name }).then(
        (s) => {
          if (settled) {
            void s.close();
            return;
          }
          settled = true;
          clearTimeout(timer);
          resolve(s);
        },
        (error: RpcError) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          closeQuietly(socket);
          reject(error);
        },
      );
    });
  });
  return {
    session,
    closed,
    abort: (reason) => {
      fail(reason);
      closeQuietly(socket);
    },
  };
}

function cannotConnect(target: WsDialTarget, reason: string, cause: unknown): RpcError {
  return new RpcError(
    RpcCode.Unavailable,
    `cannot connect to ${target.name}: ${reason}`,
    cause === undefined ? {} : { cause },
  );
}

/** Closes or abandons the socket; never throws (a browser throws only for a bad code). */
function closeQuietly(socket: WebSocketLike): void {
  try {
    socket.close();
  } catch {
    // Nothing more can be done with it.
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
