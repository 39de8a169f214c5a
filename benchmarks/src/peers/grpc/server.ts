import { once } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { main, runServerProcess } from "../../shared/child.js";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import { fromProtoPathRequest } from "../proto/convert.js";
import { loadPathService, maxMessageBytes, type PathServiceHandlers } from "./service.js";

/**
 * @grpc/grpc-js over HTTP/2 (h2c). Validation is protobuf decoding plus the presence checks
 * proto3 cannot express (fromProtoPathRequest).
 */
const handlers: PathServiceHandlers = {
  shortestPath(call, callback) {
    const request = fromProtoPathRequest(call.request);
    if (typeof request === "string") {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: request });
      return;
    }
    callback(null, computeRoute(request));
  },
  async follow(call) {
    const { count } = call.request;
    for (let seq = 0; seq < count; seq++) {
      // Honour the stream's backpressure, as raw honours the socket's: without it 10k items
      // would be queued in grpc-js at once.
      if (!call.write(makePosition(seq))) await once(call, "drain");
    }
    call.end();
  },
};

main(() =>
  runServerProcess(async ({ host }) => {
    const service = await loadPathService();
    const server = new grpc.Server({ "grpc.max_receive_message_length": maxMessageBytes });
    server.addService(service.definition, handlers);
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:0`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error === null ? resolve(bound) : reject(error),
      );
    });
    return {
      port,
      // forceShutdown: a client still connected must not keep the process alive.
      close: async () => server.forceShutdown(),
    };
  }),
);
