import { isIPv6 } from "node:net";

/** Where a {@link TcpTransport} connects: a TCP host and port, or a Unix socket path. */
export type TcpAddress =
  | { readonly host: string; readonly port: number }
  | { readonly path: string };

/** `tcp://127.0.0.1:7000`, `tls://[::1]:7000`, `unix:///run/app.sock`, `tls+unix:///...`. */
export function addressUrl(address: TcpAddress, secure: boolean): string {
  if ("path" in address) return `${secure ? "tls+unix" : "unix"}://${address.path}`;
  return `${secure ? "tls" : "tcp"}://${hostPort(address.host, address.port)}`;
}

/** The peer string a socket channel reports: `tcp:127.0.0.1:7000`, `unix:/run/app.sock`. */
export function addressPeer(address: TcpAddress, secure: boolean): string {
  if ("path" in address) return `${secure ? "tls+unix" : "unix"}:${address.path}`;
  return `${secure ? "tls" : "tcp"}:${hostPort(address.host, address.port)}`;
}

/** `host:port`, with an IPv6 host in brackets so the port stays unambiguous. */
export function hostPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}
