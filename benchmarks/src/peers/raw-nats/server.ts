import { connect, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { Packr } from "msgpackr";
import { main, runServerProcess } from "../../shared/child.js";
import { computeRoute, makePosition } from "../../shared/payloads.js";
import type { FollowRequest, PathRequest } from "../../shared/service.js";
import { FrameBatch } from "../raw/framing.js";
import { benchPrefix, natsUrl } from "./subjects.js";

/** A stream's items go out in messages of about this size. */
const streamBatchBytes = 64 * 1024;
/** After this many bytes a stream waits for the NATS server to have taken them (a flush). */
const flushEveryBytes = 1024 * 1024;

/**
 * The NATS limit: a plain NATS service with no rpcgen. Unary calls are requests answered with
 * `msg.respond`, one self-contained msgpack value each way (no length prefix, no records: NATS
 * messages are independent); a stream is the request's reply subject receiving batches of
 * length-prefixed items, then an empty message, paced by a flush per megabyte. No validation,
 * no deadlines, no flow-control protocol.
 */
function serve(nc: NatsConnection, prefix: string): void {
  const packr = new Packr({ useRecords: false });
  nc.subscribe(`${prefix}.unary`, {
    queue: "raw",
    callback: (_error, msg) => {
      msg.respond(packr.pack(computeRoute(packr.unpack(msg.data) as PathRequest)));
    },
  });
  nc.subscribe(`${prefix}.follow`, {
    queue: "raw",
    callback: (_error, msg) => void follow(nc, packr, msg),
  });
}

async function follow(nc: NatsConnection, packr: Packr, msg: Msg): Promise<void> {
  const { count } = packr.unpack(msg.data) as FollowRequest;
  const reply = msg.reply!;
  const batch = new FrameBatch(packr);
  let unflushed = 0;
  for (let seq = 0; seq < count; seq++) {
    batch.add(makePosition(seq));
    if (batch.bytes >= streamBatchBytes) {
      unflushed += batch.bytes;
      nc.publish(reply, batch.take()!);
      if (unflushed >= flushEveryBytes) {
        unflushed = 0;
        await nc.flush();
      }
    }
  }
  const rest = batch.take();
  if (rest !== undefined) nc.publish(reply, rest);
  nc.publish(reply);
}

main(() =>
  runServerProcess(async () => {
    const nc = await connect({ servers: natsUrl });
    const prefix = benchPrefix();
    serve(nc, prefix);
    await nc.flush();
    return { port: 0, path: `${natsUrl}/${prefix}`, close: () => nc.drain() };
  }),
);
