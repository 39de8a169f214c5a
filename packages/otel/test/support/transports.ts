/** The transports the tests carry traced calls over (development dependencies only). */
import type { ClientTransport, Server } from "@rpcgen/runtime";
import { httpTransport } from "@rpcgen/transport-http/node";
import { listenHttp } from "@rpcgen/transport-http/server";
import { listenTcp, tcpTransport } from "@rpcgen/transport-tcp";
import { listenWs, wsTransport } from "@rpcgen/transport-ws/node";

export const transportNames = ["tcp", "http", "ws"] as const;
export type TransportName = (typeof transportNames)[number];

/** A server listening on 127.0.0.1, port 0: its URL and how it stops. */
export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `server` on the named transport. */
export async function listenOn(server: Server, name: TransportName): Promise<Listening> {
  const address = { host: "127.0.0.1", port: 0 };
  const listener =
    name === "tcp"
      ? await listenTcp(server, address)
      : name === "http"
        ? await listenHttp(server, address)
        : await listenWs(server, address);
  return { url: listener.url, close: () => listener.close({ graceMs: 1000 }) };
}

/** A client transport to a URL that `listenOn` printed. */
export function connectTo(name: TransportName, url: string): ClientTransport {
  return name === "tcp"
    ? tcpTransport(url)
    : name === "http"
      ? httpTransport(url)
      : wsTransport(url);
}
