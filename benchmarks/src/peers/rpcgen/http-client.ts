import type { CodecName } from "@rpcgen/runtime";
import { httpTransport } from "@rpcgen/transport-http";
import { main, runClientProcess } from "../../shared/child.js";
import { benchClient } from "./bench-client.js";

/**
 * The fetch client in one codec. Node's fetch keeps a pool of keep-alive connections per
 * origin, so "one connection" is the pool: calls in flight use as many sockets as they need.
 */
export function runHttpClient(codec: CodecName): void {
  main(() =>
    runClientProcess(async ({ host, port }) =>
      benchClient(httpTransport(`http://${host}:${port}`, { codec })),
    ),
  );
}
