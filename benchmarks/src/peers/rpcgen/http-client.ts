import type { CodecName } from "@rpcgen/runtime";
import { httpTransport } from "@rpcgen/transport-http/node";
import { main, runClientProcess } from "../../shared/child.js";
import { benchClient } from "./bench-client.js";

/**
 * The node:http client in one codec, as a Node program would use it (the fetch client is
 * for browsers). Its keep-alive agent opens a connection per call in flight, up to its
 * default maxSockets (64), so "one connection" is that pool.
 */
export function runHttpClient(codec: CodecName): void {
  main(() =>
    runClientProcess(async ({ host, port }) =>
      benchClient(httpTransport(`http://${host}:${port}`, { codec })),
    ),
  );
}
