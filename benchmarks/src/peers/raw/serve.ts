import { createServer, type Socket } from "node:net";
import type { Packr } from "msgpackr";
import { main, runServerProcess } from "../../shared/child.js";
import { listenEphemeral } from "../../shared/listen.js";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import type { FollowRequest, PathRequest } from "../../shared/service.js";
import { createCodec, FrameBatch, FrameReader, type RawWire } from "./framing.js";
import { RawKind } from "./messages.js";

/**
 * The reference limit: node:net, a length prefix and msgpackr, nothing else. No validation,
 * no flow-control protocol (TCP backpressure only), no per-call objects beyond the messages.
 * The replies to one incoming chunk leave in one write.
 */
function serve(socket: Socket, wire: RawWire): void {
  socket.setNoDelay(true);
  const { packr, unpackr } = createCodec(wire);
  const replies = new FrameBatch(packr);
  const reader = new FrameReader(unpackr, (message) => {
    const [id, kind, request] = message as [number, number, unknown];
    if (kind === RawKind.Unary) replies.add([id, computeRoute(request as PathRequest)]);
    else follow(socket, packr, id, (request as FollowRequest).count);
  });
  socket.on("data", (chunk: Buffer) => {
    reader.push(chunk);
    const out = replies.take();
    if (out !== undefined) socket.write(out);
  });
  socket.on("error", () => socket.destroy());
}

/** A stream's items are written in buffers of about this size. */
const streamBatchBytes = 64 * 1024;

/** Writes `count` items as fast as TCP takes them, pausing only when the socket buffer is full. */
function follow(socket: Socket, packr: Packr, id: number, count: number): void {
  const batch = new FrameBatch(packr);
  let seq = 0;
  const pump = (): void => {
    let room = true;
    while (seq < count && room) {
      batch.add([id, makePosition(seq)]);
      seq++;
      if (batch.bytes >= streamBatchBytes) room = socket.write(batch.take()!);
    }
    if (seq === count) batch.add([id]);
    const rest = batch.take();
    if (rest !== undefined) socket.write(rest);
    if (seq < count) socket.once("drain", pump);
  };
  pump();
}

/** A raw server process (server.ts of `raw` and `raw-plain`). */
export function serveRaw(wire: RawWire): void {
  main(() =>
    runServerProcess(async ({ host }) => {
      const server = createServer((socket) => serve(socket, wire));
      return listenEphemeral(server, host);
    }),
  );
}
