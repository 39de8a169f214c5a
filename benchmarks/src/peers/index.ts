import { fileURLToPath } from "node:url";

/** A peer: a server script and a client script, each run in its own process. */
export interface PeerSpec {
  readonly name: string;
  readonly server: string;
  readonly client: string;
}

function peer(name: string): PeerSpec {
  const file = (role: string) => fileURLToPath(new URL(`./${name}/${role}.ts`, import.meta.url));
  return { name, server: file("server"), client: file("client") };
}

/**
 * Every peer, raw first: the others are reported as a ratio of it. Then rpcgen on each of its
 * transports (stdio is not here: the harness talks to each server over its stdio), then the
 * competitors (one directory each; proto/ and trpc/ hold what several of them share).
 */
export const peers: readonly PeerSpec[] = [
  peer("raw"),
  peer("rpcgen-tcp"),
  peer("rpcgen-unix"),
  peer("rpcgen-http-msgpack"),
  peer("rpcgen-http-json"),
  peer("rpcgen-ws"),
  peer("grpc"),
  peer("connect-h1"),
  peer("connect-h2"),
  peer("trpc-http"),
  peer("trpc-ws"),
  peer("capnweb"),
  peer("jsonrpc"),
];
