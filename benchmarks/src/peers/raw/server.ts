import { createServer, type Socket } from "node:net";
import type { Packr } from "msgpackr";
import { main, runServerProcess } from "../../shared/child.js";
import { listenEphemeral } from "../../shared/listen.js";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import type { FollowRequest, PathRequest } from "../../shared/service.js";
import { createPackr, encodeFrame, FrameReader } from "./framing.js";
import { RawKind } from "./messages.js";

/**
 * The reference limit: node:net, a length prefix and msgpackr, nothing else. No validation,
 * no flow-control protocol (TCP backpressure only), no per-call objects beyond the messages.
 */
function serve(socket: Socket): void {
  socket.setNoDelay(true);
  const packr = createPackr();
  const reader = new FrameReader(packr, (message) => {
    const [id, kind, request] = message as [number, number, unknown];
    if (kind === RawKind.Unary) {
      socket.write(encodeFrame(packr, [id, computeRoute(request as PathRequest)]));
    } else {
      follow(socket, packr, id, (request as FollowRequest).count);
    }
  });
  socket.on("data", (chunk: Buffer) => {
    // Corked while one chunk's calls are answered, so their replies leave in one writev:
    // Node's own batching, the cheapest a hand-written server gets.
    socket.cork();
    reader.push(chunk);
    socket.uncork();
  });
  socket.on("error", () => socket.destroy());
}

/** Writes `count` items as fast as TCP takes them, pausing only when the socket buffer is full. */
function follow(socket: Socket, packr: Packr, id: number, count: number): void {
  let seq = 0;
  const pump = (): void => {
    socket.cork();
    let room = true;
    while (seq < count && room) {
      room = socket.write(encodeFrame(packr, [id, makePosition(seq)]));
      seq++;
    }
    if (seq === count) socket.write(encodeFrame(packr, [id]));
    socket.uncork();
    if (seq < count) socket.once("drain", pump);
  };
  pump();
}

main(() =>
  runServerProcess(async ({ host }) => {
    const server = createServer(serve);
    return listenEphemeral(server, host);
  }),
);
