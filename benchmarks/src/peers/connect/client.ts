import { Agent } from "node:http";
import { createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import type { BenchClient } from "../../shared/driver.js";
import { makeRequests } from "../../shared/payloads.js";
import type { ClientConfig } from "../../shared/protocol.js";
import type { Position } from "../../shared/service.js";
import { toProtoPathRequest } from "../proto/convert.js";
import { PathService } from "../proto/gen/path_pb.js";

/**
 * A connect-es client for connect-h1 and connect-h2: the Connect protocol with binary
 * protobuf, as `createConnectTransport` offers it. Each call of this function is one client
 * with its own connection(s), so several can run in one process.
 */
export async function connectClient(
  httpVersion: "1.1" | "2",
  { host, port }: ClientConfig,
): Promise<BenchClient> {
  const baseUrl = `http://${host}:${port}`;
  // None of the other peers compress; connect-node would gzip responses over 1 KiB when the
  // client accepts it, which would measure zlib on larger payloads rather than the RPC stack.
  const common = { baseUrl, useBinaryFormat: true, acceptCompression: [] };
  let transport: Transport;
  let close: () => void;
  if (httpVersion === "2") {
    // One HTTP/2 session per client, opened before the clock starts.
    const sessionManager = new Http2SessionManager(baseUrl);
    await sessionManager.connect();
    transport = createConnectTransport({ ...common, httpVersion, sessionManager });
    close = () => sessionManager.abort();
  } else {
    // HTTP/1.1 has no multiplexing: 64 calls in flight take up to 64 keep-alive sockets, as
    // any HTTP/1.1 client would. The agent is this client's own (not Node's global one) so
    // clients in one process do not share sockets.
    const agent = new Agent({ keepAlive: true });
    transport = createConnectTransport({ ...common, httpVersion, nodeOptions: { agent } });
    close = () => agent.destroy();
  }
  const client = createClient(PathService, transport);
  if (httpVersion === "1.1") {
    // Opens the first socket before the clock starts, as the HTTP/2 client does above.
    await client.shortestPath(toProtoPathRequest(makeRequests(1)[0]!));
  }
  return {
    unary: (request) => client.shortestPath(toProtoPathRequest(request)),
    async follow(request, onItem) {
      // protobuf-es types every message field as optional (`at?: LatLon`); our server always
      // sets it, and checking it here would be a cost the other peers do not pay.
      for await (const item of client.follow(request)) onItem(item as Position);
    },
    close: async () => close(),
  };
}
