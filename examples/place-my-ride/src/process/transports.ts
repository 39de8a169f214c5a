/**
 * How the example's processes serve and reach each other on the transport named by
 * `--transport`: tcp, http, ws, stdio (the caller spawns the service as its child), or nats
 * (every process of a service is a replica behind the NATS server; the URL names NATS).
 */
import { fileURLToPath } from "node:url";
import type { ClientTransport, Server } from "@rpcgen/runtime";
import { httpTransport } from "@rpcgen/transport-http/node";
import { listenHttp } from "@rpcgen/transport-http/server";
import { natsTransport, serveNats } from "@rpcgen/transport-nats";
import { type StdioTransport, serveStdio, spawnStdio } from "@rpcgen/transport-stdio";
import { listenTcp, tcpTransport } from "@rpcgen/transport-tcp";
import { listenWs, wsTransport } from "@rpcgen/transport-ws/node";

export const transportNames = ["tcp", "http", "ws", "stdio", "nats"] as const;

/** The NATS server replicas meet on when `--nats` is not given. */
export const defaultNatsUrl = process.env.NATS_URL || "nats://127.0.0.1:4222";
export type TransportName = (typeof transportNames)[number];

/** The transport named by a flag, or a usage error (exit 2) naming the choices. */
export function parseTransport(program: string, value: string | undefined): TransportName {
  const name = value ?? "tcp";
  if ((transportNames as readonly string[]).includes(name)) return name as TransportName;
  console.error(`${program}: --transport must be one of ${transportNames.join(", ")}; got ${name}`);
  process.exit(2);
}

/** A service being served: where clients reach it, and how it stops. */
export interface Serving {
  /** `tcp://…`, `http://…`, `ws://…`, or `stdio:` for a service on its own stdin/stdout. */
  readonly url: string;
  /** Drains calls in flight (up to `graceMs`), then stops. */
  close(graceMs: number): Promise<void>;
  /** Resolves when serving ended on its own (stdio: the parent closed our stdin). */
  readonly ended: Promise<void>;
}

/**
 * Serves `server` on the named transport. For nats, `address.nats` is the NATS server (a path
 * in it is the subject prefix, so separate runs sharing one NATS server stay apart).
 */
export async function serveOn(
  server: Server,
  transport: TransportName,
  address: { readonly host: string; readonly port: number; readonly nats?: string | undefined },
): Promise<Serving> {
  const forever = new Promise<void>(() => {});
  switch (transport) {
    case "tcp": {
      const listener = await listenTcp(server, address);
      return { url: listener.url, close: (graceMs) => listener.close({ graceMs }), ended: forever };
    }
    case "http": {
      const listener = await listenHttp(server, address);
      return { url: listener.url, close: (graceMs) => listener.close({ graceMs }), ended: forever };
    }
    case "ws": {
      const listener = await listenWs(server, address);
      return { url: listener.url, close: (graceMs) => listener.close({ graceMs }), ended: forever };
    }
    case "nats": {
      const replica = await serveNats(server, { servers: address.nats ?? defaultNatsUrl });
      return { url: replica.url, close: (graceMs) => replica.close({ graceMs }), ended: forever };
    }
    case "stdio": {
      const serving = serveStdio(server);
      return {
        url: "stdio:",
        close: (graceMs) => serving.close({ graceMs }),
        ended: serving.closed,
      };
    }
  }
}

/** The transports a service listens on; with stdio the client spawns the service instead. */
export type ListeningTransport = Exclude<TransportName, "stdio">;

/**
 * How a client reaches a service listening on each transport. The URL the service announced
 * goes to the transport as it is: every transport reads the URL form its own listener prints,
 * and refuses any other at once, naming the forms it accepts.
 */
export const clientOn: Readonly<Record<ListeningTransport, (url: string) => ClientTransport>> = {
  tcp: (url) => tcpTransport(url),
  http: (url) => httpTransport(url),
  ws: (url) => wsTransport(url),
  nats: (url) => natsTransport(url),
};

const mains = {
  path: fileURLToPath(new URL("../path-service/main.ts", import.meta.url)),
  ride: fileURLToPath(new URL("../ride-service/main.ts", import.meta.url)),
};

/**
 * Runs one of the example's services as a child process serving on its stdio, with this
 * process's Node flags (so TypeScript sources load the same way), and returns the transport.
 */
export function spawnService(which: keyof typeof mains, args: readonly string[]): StdioTransport {
  return spawnStdio(
    process.execPath,
    [...process.execArgv, mains[which], "--transport", "stdio", ...args],
    // The child compiles its TypeScript as it loads and the path service builds its road graph
    // before it serves, so the handshake comes seconds after the spawn, more on a busy machine.
    { connectTimeoutMs: childStartMs },
  );
}

/** How long a service child may take from spawn to handshake. */
const childStartMs = 60_000;
