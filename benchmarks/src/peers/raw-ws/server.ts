import type { Packr } from "msgpackr";
import { type WebSocket, WebSocketServer } from "ws";
import { main, runServerProcess } from "../../shared/child.js";
import { wsListening } from "../../shared/listen.js";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import type { FollowRequest, PathRequest } from "../../shared/service.js";
import { createCodec, FrameBatch, FrameReader } from "../raw/framing.js";
import { RawKind } from "../raw/messages.js";
import { maxPayload } from "./limits.js";

/** A stream's items go out in messages of about this size. */
const streamBatchBytes = 64 * 1024;
/** Above this many bytes queued in the socket, a stream waits for its last message to leave. */
const highWaterBytes = 1024 * 1024;

/**
 * The WebSocket limit: a bare `ws` server with the raw TCP peer's messages and records
 * (framing.ts), the replies to one incoming message sent as one message. No validation, no
 * flow-control protocol: a stream waits only while the socket holds a megabyte.
 */
function serve(socket: WebSocket): void {
  const { packr, unpackr } = createCodec({ records: true });
  const replies = new FrameBatch(packr);
  const reader = new FrameReader(unpackr, (message) => {
    const [id, kind, request] = message as [number, number, unknown];
    if (kind === RawKind.Unary) replies.add([id, computeRoute(request as PathRequest)]);
    else follow(socket, packr, id, (request as FollowRequest).count);
  });
  socket.on("message", (data: Buffer) => {
    reader.push(data);
    const out = replies.take();
    if (out !== undefined) socket.send(out, { binary: true });
  });
  socket.on("error", () => socket.terminate());
}

function follow(socket: WebSocket, packr: Packr, id: number, count: number): void {
  const batch = new FrameBatch(packr);
  let seq = 0;
  const pump = (): void => {
    while (seq < count) {
      batch.add([id, makePosition(seq)]);
      seq++;
      if (batch.bytes >= streamBatchBytes) {
        if (socket.bufferedAmount >= highWaterBytes) {
          // Resume once this message has left: the socket is draining.
          socket.send(batch.take()!, { binary: true }, (error) => error ?? pump());
          return;
        }
        socket.send(batch.take()!, { binary: true });
      }
    }
    batch.add([id]);
    socket.send(batch.take()!, { binary: true });
  };
  pump();
}

main(() =>
  runServerProcess(async ({ host }) => {
    const wss = new WebSocketServer({ host, port: 0, maxPayload, perMessageDeflate: false });
    wss.on("connection", serve);
    return wsListening(wss);
  }),
);
