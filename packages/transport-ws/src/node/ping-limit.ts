import { RpcCode, RpcError } from "@rpcgen/runtime";
import { WebSocket } from "ws";
import { CloseCode } from "../close-codes.js";
import type { WsChannel } from "../ws-channel.js";

/**
 * Default `maxPingsPerSecond`. Neither rpcgen client sends WebSocket pings (sessions keep
 * alive with the protocol's own PING frames) and proxies ping every few seconds at most, so
 * a hundred in one second is a flood, not a keepalive.
 */
export const defaultMaxPingsPerSecond = 100;

/**
 * Answers the peer's WebSocket pings (the server's `autoPong` is off) up to `maxPerSecond` in
 * any one-second window; one more and the connection is refused with a goaway
 * (`resource_exhausted` naming the limit) and close code 1008. Every pong costs a write: left
 * to `ws`, a flood either queues pongs without bound or, past `ws`'s own pending-pong limit,
 * ends in a terminated socket with no close code and no reason.
 */
export function limitPings(socket: WebSocket, channel: WsChannel, maxPerSecond: number): void {
  let windowStart = Number.NEGATIVE_INFINITY;
  let count = 0;
  socket.on("ping", (data: Buffer) => {
    const now = performance.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      count = 0;
    }
    count += 1;
    if (count > maxPerSecond) {
      channel.refuse(
        new RpcError(
          RpcCode.ResourceExhausted,
          `ping flood: more than maxPingsPerSecond = ${maxPerSecond} WebSocket pings within one second`,
        ),
        CloseCode.PolicyViolation,
      );
      return;
    }
    if (socket.readyState === WebSocket.OPEN) socket.pong(data);
  });
}
