import { createServer as createHttp1Server, type Server as Http1Server } from "node:http";
import { createServer as createHttp2Server, type Http2Server } from "node:http2";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { ListeningPeer } from "../../shared/child.js";
import { listenEphemeral } from "../../shared/listen.js";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import { fromProtoPathRequest } from "../proto/convert.js";
import { PathService } from "../proto/gen/path_pb.js";

/**
 * What connect-h1 and connect-h2 serve: the handlers a connect-es user writes against the
 * generated PathService, behind `connectNodeAdapter` on node:http or node:http2 (h2c).
 * Validation is protobuf decoding plus the presence checks proto3 cannot express.
 */
const impl: ServiceImpl<typeof PathService> = {
  shortestPath(message) {
    const request = fromProtoPathRequest(message);
    if (typeof request === "string") throw new ConnectError(request, Code.InvalidArgument);
    return computeRoute(request);
  },
  async *follow(message) {
    for (let seq = 0; seq < message.count; seq++) yield makePosition(seq);
  },
};

/** Listens on an ephemeral port with the Connect protocol over HTTP/1.1 or HTTP/2. */
export async function listenConnect(
  httpVersion: "1.1" | "2",
  host: string,
): Promise<ListeningPeer> {
  // connect-es limits messages to ~4 GiB by default, so ~1 MiB payloads need no option.
  const handler = connectNodeAdapter({ routes: (router) => router.service(PathService, impl) });
  const server: Http1Server | Http2Server =
    httpVersion === "1.1" ? createHttp1Server(handler) : createHttp2Server(handler);
  return listenEphemeral(server, host);
}
