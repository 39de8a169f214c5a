import { connect as netConnect, type Socket } from "node:net";
import { type ConnectionOptions, connect as tlsConnect } from "node:tls";
import {
  type ClientSession,
  type ClientSessionOptions,
  createClientSession,
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

/** One connection attempt in progress. */
export interface Dial {
  /** The socket, so its owner can wait for it to close. */
  readonly socket: Socket;
  /** Resolves with a session whose handshake completed; rejects with `unavailable`. */
  readonly session: Promise<ClientSession>;
  /** Gives up: the socket is destroyed and `session` rejects. */
  abort(reason: string): void;
}

/**
 * Connects, then runs the protocol handshake. The session is created only once the socket (and
 * TLS) is up, so a refused or untrusted connection is one error with one message, naming the
 * address and the cause.
 */
export function dial(target: DialTarget): Dial {
  const socket = openSocket(target);
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
      const s = createClientSession(socketChannel(socket, target.peer), target.session);
      s.ready.then(() => {
        clearTimeout(timer);
        resolve(s);
      }, fail);
    });
  });
  return {
    socket,
    session,
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
