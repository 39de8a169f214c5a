import { connect as netConnect, type Socket } from "node:net";
import { type ConnectionOptions, connect as tlsConnect } from "node:tls";
import {
  type ClientSession,
  type ClientSessionOptions,
  type ConnectionAttempt,
  openSession,
  RpcCode,
  RpcError,
} from "@rpcgen/runtime";
import type { TcpAddress } from "./address.js";
import { socketChannel } from "./socket-channel.js";

/** Everything one connection attempt needs. */
export interface DialTarget {
  readonly address: TcpAddress;
  /** Set for TLS; `{}` means TLS with the default CA store. */
  readonly tls: ConnectionOptions | undefined;
  readonly session: ClientSessionOptions;
  /** Bounds connect, TLS and the protocol handshake together. */
  readonly timeoutMs: number;
  /** Names the server in errors. */
  readonly url: string;
  /** Names the server in the channel's own errors. */
  readonly peer: string;
}

/**
 * Connects, then runs the protocol handshake. The session is created only once the socket (and
 * TLS) is up, so a refused or untrusted connection is one error with one message, naming the
 * address and the cause.
 */
export function dial(target: DialTarget): ConnectionAttempt {
  const socket = openSocket(target);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const session = new Promise<ClientSession>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        socket.destroy(new Error(`no connection within connectTimeoutMs = ${target.timeoutMs} ms`)),
      target.timeoutMs,
    );
    const fail = (error: Error): void => {
      clearTimeout(timer);
      reject(
        new RpcError(RpcCode.Unavailable, `cannot connect to ${target.url}: ${error.message}`, {
          cause: error,
        }),
      );
    };
    socket.once("error", fail);
    socket.once(target.tls === undefined ? "connect" : "secureConnect", () => {
      // From here on the channel owns the socket's errors and reports them to the session.
      socket.off("error", fail);
      // The timer keeps running through the handshake: it bounds the attempt as a whole.
      openSession(socketChannel(socket, target.peer), { ...target.session, url: target.url }).then(
        (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        (error: RpcError) => {
          clearTimeout(timer);
          socket.destroy();
          reject(error);
        },
      );
    });
  });
  return {
    session,
    closed,
    abort: (reason) => socket.destroy(new Error(reason)),
  };
}

function openSocket(target: DialTarget): Socket {
  const { address, tls } = target;
  if (tls === undefined) {
    return "path" in address
      ? netConnect({ path: address.path })
      : netConnect({ host: address.host, port: address.port });
  }
  return "path" in address
    ? tlsConnect({ ...tls, path: address.path })
    : tlsConnect({ ...tls, host: address.host, port: address.port });
}
