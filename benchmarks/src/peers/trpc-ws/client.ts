import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { WebSocket } from "ws";
import { main, runClientProcess } from "../../shared/child.js";
import type { BenchClient } from "../../shared/driver.js";
import type { AppRouter } from "../trpc/router.js";

type WSClientOptions = Parameters<typeof createWSClient>[0];

/**
 * tRPC over one WebSocket per client: `createWSClient` + `wsLink`, with the `ws` package as
 * the WebSocket (Node 20 has no global one). Calls are not batched (wsLink sends one message
 * per call); the stream is a subscription.
 */
main(() =>
  runClientProcess(async ({ host, port }) => {
    let opened!: () => void;
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const wsClient = createWSClient({
      url: `ws://${host}:${port}`,
      // ws implements the WHATWG WebSocket interface tRPC uses; its own types differ in detail.
      WebSocket: WebSocket as unknown as NonNullable<WSClientOptions["WebSocket"]>,
      onOpen: () => opened(),
    });
    // Connected before the clock starts.
    await open;
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
    const bench: BenchClient = {
      unary: (request) => client.shortestPath.query(request),
      follow: (request, onItem) =>
        new Promise<void>((resolve, reject) => {
          client.follow.subscribe(request, {
            onData: onItem,
            onComplete: resolve,
            onError: reject,
          });
        }),
      close: async () => wsClient.close(),
    };
    return bench;
  }),
);
