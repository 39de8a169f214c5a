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

/** Every peer, raw first: the others are reported as a ratio of it. */
export const peers: readonly PeerSpec[] = [peer("raw"), peer("rpcgen-tcp")];
