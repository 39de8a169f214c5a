import type { IncomingMessage } from "node:http";
import { isIPv6 } from "node:net";

/** `host:port`, with an IPv6 host in brackets so the port stays unambiguous. */
export function hostPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The peer string of an accepted connection: `ws:127.0.0.1:53122` or `wss:[::1]:53122`. */
export function requestPeer(request: IncomingMessage): string {
  const socket = request.socket;
  const secure = "encrypted" in socket && socket.encrypted === true;
  return `${secure ? "wss" : "ws"}:${hostPort(socket.remoteAddress ?? "unknown", socket.remotePort ?? 0)}`;
}

/** The path of a request's url, without the query string. */
export function requestPath(request: IncomingMessage): string {
  const url = request.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}
