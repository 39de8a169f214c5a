import * as grpc from "@grpc/grpc-js";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import type { Route } from "../../shared/service.js";
import { toProtoPathRequest } from "../proto/convert.js";
import { loadPathService, maxMessageBytes } from "./service.js";

main(() =>
  runClientProcess(async ({ host, port }) => {
    const service = await loadPathService();
    const client = new service.Client(`${host}:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": maxMessageBytes,
      // grpc-js shares subchannels (connections) between clients of one target by default;
      // a local pool gives each client its own HTTP/2 connection, as the harness expects
      // when it connects several times in one process.
      "grpc.use_local_subchannel_pool": 1,
    });
    // Connect before the clock starts so the first timed call does not pay for the handshake.
    await new Promise<void>((resolve, reject) => {
      client.waitForReady(Date.now() + 10_000, (error) =>
        error === undefined ? resolve() : reject(error),
      );
    });
    const bench: BenchClient = {
      unary: (request) =>
        new Promise<Route>((resolve, reject) => {
          client.shortestPath(toProtoPathRequest(request), (error, route) => {
            if (error !== null) reject(error);
            else resolve(route!);
          });
        }),
      follow: (request, onItem) =>
        new Promise<void>((resolve, reject) => {
          const call = client.follow(request);
          call.on("data", onItem);
          call.on("end", resolve);
          call.on("error", reject);
        }),
      close: async () => client.close(),
    };
    return bench;
  }),
);
