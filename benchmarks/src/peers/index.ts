import { fileURLToPath } from "node:url";
import type { ScenarioName } from "../shared/scenarios.js";

/** A peer: a server script and a client script, each run in its own process. */
export interface PeerSpec {
  readonly name: string;
  readonly server: string;
  readonly client: string;
  /** Scenarios the peer cannot run, each with the reason (in the results meta). */
  readonly skip?: Readonly<Partial<Record<ScenarioName, string>>>;
  /** Left out of `--quick` unless named with --peers (keeps the quick run under 90 s). */
  readonly fullOnly?: boolean;
}

function peer(name: string, skip?: PeerSpec["skip"]): PeerSpec {
  const file = (role: string) => fileURLToPath(new URL(`./${name}/${role}.ts`, import.meta.url));
  return { name, server: file("server"), client: file("client"), ...(skip ? { skip } : {}) };
}

/** Over stdio a connection is a server process: 100 of them measure process start-up. */
const oneServerPerConnection =
  "over stdio every connection is its own server process; 100 would measure process start-up";

/**
 * Every peer, raw first: the others are reported as a ratio of it (raw is the tuned design,
 * msgpackr records; raw-plain the naive one; raw-http, raw-ws and raw-nats the limits of those
 * transports, the references of the HTTP, WebSocket and NATS goals). Then rpcgen on each of its
 * transports (over stdio the client spawns the server; see rpcgen-stdio/server.ts), then the
 * competitors (one directory each; proto/ and trpc/ hold what several of them share).
 */
/**
 * `--quick` keeps one peer per design and what the goals compare: the NATS pair, the Unix
 * socket and JSON-over-HTTP rows, Connect over HTTP/2, tRPC over WebSocket and JSON-RPC run in
 * full runs (or when named with --peers).
 */
export const peers: readonly PeerSpec[] = [
  peer("raw"),
  // The naive design, a second row next to the tuned raw: full runs only.
  { ...peer("raw-plain"), fullOnly: true },
  peer("raw-http"),
  peer("raw-ws"),
  { ...peer("raw-nats"), fullOnly: true },
  peer("rpcgen-tcp"),
  { ...peer("rpcgen-unix"), fullOnly: true },
  peer("rpcgen-http-msgpack"),
  { ...peer("rpcgen-http-json"), fullOnly: true },
  peer("rpcgen-ws"),
  { ...peer("rpcgen-nats"), fullOnly: true },
  peer("rpcgen-stdio", {
    "conns-100x16": oneServerPerConnection,
    "idle-100": oneServerPerConnection,
  }),
  peer("grpc"),
  peer("connect-h1"),
  { ...peer("connect-h2"), fullOnly: true },
  peer("trpc-http"),
  { ...peer("trpc-ws"), fullOnly: true },
  peer("capnweb"),
  { ...peer("jsonrpc"), fullOnly: true },
];
