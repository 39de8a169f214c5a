import type { FrameChannel } from "../channel/frame-channel.js";
import { RpcCode } from "../errors/code.js";
import { RpcError } from "../errors/rpc-error.js";
import {
  type ClientSession,
  type ClientSessionOptions,
  createClientSession,
} from "../session/client-session.js";

/**
 * Runs the protocol handshake on a freshly connected channel and resolves with the open
 * session. Rejects with `unavailable` naming `url` if it fails or takes longer than
 * `timeoutMs` (when set; the channel is closed then), which then also stands for the session's
 * `handshakeTimeoutMs` unless `limits` sets one. Connectors call it once their byte pipe is up.
 */
export function openSession(
  channel: FrameChannel,
  options: ClientSessionOptions & { readonly url: string; readonly timeoutMs?: number },
): Promise<ClientSession> {
  const { url, timeoutMs, ...sessionOptions } = options;
  // The attempt's own budget bounds the handshake; the session's default handshake limit must
  // not end it sooner (a stdio child that compiles TypeScript at start may need more than 10 s
  // when its user allows that with connectTimeoutMs). An explicit handshakeTimeoutMs still holds.
  const limits =
    timeoutMs === undefined || sessionOptions.limits?.handshakeTimeoutMs !== undefined
      ? sessionOptions.limits
      : { ...sessionOptions.limits, handshakeTimeoutMs: timeoutMs };
  const session = createClientSession(channel, {
    ...sessionOptions,
    ...(limits === undefined ? {} : { limits }),
  });
  return new Promise<ClientSession>((resolve, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            channel.close();
            reject(
              new RpcError(
                RpcCode.Unavailable,
                `cannot connect to ${url}: no handshake within connectTimeoutMs = ${timeoutMs} ms`,
              ),
            );
          }, timeoutMs);
    session.ready.then(
      () => {
        clearTimeout(timer);
        resolve(session);
      },
      (error: unknown) => {
        clearTimeout(timer);
        const message = error instanceof Error ? error.message : String(error);
        reject(
          new RpcError(RpcCode.Unavailable, `cannot connect to ${url}: ${message}`, {
            cause: error,
          }),
        );
      },
    );
  });
}
